package org.edgetune.schedule.hostile;

import org.edgetune.schedule.RoundDecision;
import org.edgetune.schedule.RoundInput;

/** Takes a minute from round {@link #FAIL_ROUND} on (interruptible, so the timeout can end it). */
public final class SlowPolicy extends MisbehavingPolicy {

  @Override
  RoundDecision misbehave(RoundInput input) {
    try {
      Thread.sleep(60_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return everyone(input);
  }
}
