package org.edgetune.schedule.hostile;

import org.edgetune.schedule.RoundDecision;
import org.edgetune.schedule.RoundInput;

/** Returns null from round {@link #FAIL_ROUND} on. */
public final class NullDecisionPolicy extends MisbehavingPolicy {

  @Override
  RoundDecision misbehave(RoundInput input) {
    return null;
  }
}
