package org.edgetune.schedule.hostile;

import java.util.List;
import org.edgetune.schedule.Grant;
import org.edgetune.schedule.RoundDecision;
import org.edgetune.schedule.RoundInput;

/** Grants devices 0 and 1 0.6 of the band each from round {@link #FAIL_ROUND} on: 1.2 in all. */
public final class OverbookingPolicy extends MisbehavingPolicy {

  @Override
  RoundDecision misbehave(RoundInput input) {
    return new RoundDecision(List.of(new Grant(0, 0.6), new Grant(1, 0.6)), Double.NaN);
  }
}
