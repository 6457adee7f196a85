package org.edgetune.schedule;

import java.util.SplittableRandom;
import org.edgetune.util.KeyedRandom;
import org.edgetune.util.KeyedSampling;
import org.edgetune.util.StreamPurpose;
import org.edgetune.wireless.WirelessModel;

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
    SplittableRandom random =
        KeyedRandom.stream(seed, StreamPurpose.SCHEDULE_RANDOM, KeyedRandom.ANY, input.round());
    return EqualShares.of(KeyedSampling.sample(pool, n, random), input, model);
  }
}
