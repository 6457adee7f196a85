package org.edgetune.schedule;

import java.util.Arrays;
import org.edgetune.wireless.WirelessModel;

/** The N available devices with the strongest uplink gains this round; equal shares. */
final class BestChannelPolicy implements SchedulingPolicy {

  private final int perRound;

  private final WirelessModel model;

  BestChannelPolicy(int perRound, WirelessModel model) {
    this.model = model;
    this.perRound = perRound;
  }

  @Override
  public String name() {
    return "best-channel";
  }

  @Override
  public RoundDecision decide(RoundInput input) {
    int[] pool = EqualShares.available(input);
    double[] negativeGain = new double[pool.length];
    for (int j = 0; j < pool.length; j++) {
      negativeGain[j] = -input.reports().get(pool[j]).gain();
    }
    int[] order = Ranking.ascending(negativeGain);
    int n = Math.min(perRound, pool.length);
    int[] picked = new int[n];
    for (int j = 0; j < n; j++) {
      picked[j] = pool[order[j]];
    }
    return EqualShares.of(Arrays.copyOf(picked, n), input, model);
  }
}
