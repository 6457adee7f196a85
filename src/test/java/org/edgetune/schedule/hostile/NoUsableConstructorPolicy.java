package org.edgetune.schedule.hostile;

import org.edgetune.schedule.RoundDecision;
import org.edgetune.schedule.RoundInput;

/** Has only a constructor that takes a number: cannot be built by the loader. */
public final class NoUsableConstructorPolicy extends MisbehavingPolicy {

  public NoUsableConstructorPolicy(int unused) {}

  @Override
  RoundDecision misbehave(RoundInput input) {
    return everyone(input);
  }
}
