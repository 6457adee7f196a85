package org.edgetune.schedule;

import org.edgetune.wireless.WirelessModel;

import java.util.SplittableRandom;
import org.edgetune.util.KeyedRandom;

/** N available devices drawn uniformly without replacement each round, equal shares. */
final class RandomPolicy implements SchedulingPolicy {

  private final int perRound;
  private final long seed;

  private final WirelessModel model;

  RandomPolicy(int perRound, long seed, WirelessModel model) {
    this.model = model;
    this.perRound = perRound;
    this.seed = seed;
  }

  @Override
  public String name() {
    return "random";
  }

  @Override
  public RoundDecision decide(RoundInput input) {
    int[] pool = EqualShares.available(input);
    int n = Math.min(perRound, pool.length);
    SplittableRandom random = KeyedRandom.stream(seed, "schedule-random", KeyedRandom.ANY, input.round());
    // Partial Fisher-Yates: the first n slots become a uniform sample.
    for (int i = 0; i < n; i++) {
      int j = i + random.nextInt(pool.length - i);
      int t = pool[i];
      pool[i] = pool[j];
      pool[j] = t;
    }
    return EqualShares.of(java.util.Arrays.copyOf(pool, n), input, model);
  }
}
