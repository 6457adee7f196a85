package org.edgetune.schedule.hostile;

import java.util.List;
import org.edgetune.schedule.Grant;
import org.edgetune.schedule.RoundDecision;
import org.edgetune.schedule.RoundInput;

/** Grants a device id past the last device from round {@link #FAIL_ROUND} on. */
public final class GhostDevicePolicy extends MisbehavingPolicy {

  @Override
  RoundDecision misbehave(RoundInput input) {
    return new RoundDecision(List.of(new Grant(input.reports().size() + 3, 0.5)), Double.NaN);
  }
}
