package org.edgetune.schedule;

/** Every available device, equal shares, energy ignored: the upper end of participation. */
final class FullPolicy implements SchedulingPolicy {

  @Override
  public String name() {
    return "full";
  }

  @Override
  public RoundDecision decide(RoundInput input) {
    return EqualShares.of(EqualShares.available(input));
  }
}
