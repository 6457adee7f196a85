package org.edgetune.schedule.hostile;

import org.edgetune.schedule.RoundDecision;
import org.edgetune.schedule.RoundInput;

/** Throws from round {@link #FAIL_ROUND} on. */
public final class ThrowingPolicy extends MisbehavingPolicy {

  @Override
  RoundDecision misbehave(RoundInput input) {
    throw new IllegalStateException("no decision today");
  }
}
