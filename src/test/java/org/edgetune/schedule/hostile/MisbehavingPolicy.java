package org.edgetune.schedule.hostile;

import java.util.ArrayList;
import java.util.List;
import org.edgetune.schedule.ChannelReport;
import org.edgetune.schedule.Grant;
import org.edgetune.schedule.RoundDecision;
import org.edgetune.schedule.RoundInput;
import org.edgetune.schedule.SchedulingPolicy;

/**
 * Plugin policies for the failure tests: every available device with an equal share until round
 * {@link #FAIL_ROUND}, then each subclass misbehaves its own way. Loaded by class name ({@code
 * class:org.edgetune.schedule.hostile.X}), as a user's policy would be.
 */
public abstract class MisbehavingPolicy implements SchedulingPolicy {

  public static final int FAIL_ROUND = 2;

  @Override
  public String name() {
    return getClass().getSimpleName();
  }

  @Override
  public RoundDecision decide(RoundInput input) {
    return input.round() < FAIL_ROUND ? everyone(input) : misbehave(input);
  }

  abstract RoundDecision misbehave(RoundInput input);

  static RoundDecision everyone(RoundInput input) {
    List<Integer> available =
        input.reports().stream()
            .filter(ChannelReport::available)
            .map(ChannelReport::device)
            .toList();
    List<Grant> grants = new ArrayList<>();
    for (int d : available) {
      grants.add(new Grant(d, 1.0 / available.size()));
    }
    return new RoundDecision(grants, Double.NaN);
  }
}
