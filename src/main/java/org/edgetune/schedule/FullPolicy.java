package org.edgetune.schedule;

import org.edgetune.wireless.WirelessModel;

/**
 * Every available device, equal shares, energy ignored: the upper end of participation (with a
 * deadline, those that meet it with an equal share: {@link EqualShares}).
 */
final class FullPolicy implements SchedulingPolicy {

  private final WirelessModel model;

  FullPolicy(WirelessModel model) {
    this.model = model;
  }

  @Override
  public String name() {
    return "full";
  }

  @Override
  public RoundDecision decide(RoundInput input) {
    return EqualShares.of(EqualShares.available(input), input, model);
  }
}
