package org.edgetune.schedule;

import java.util.Arrays;
import java.util.Map;
import org.edgetune.wireless.WirelessModel;

/** The next N available devices in id order, cycling through the population; equal shares. */
final class RoundRobinPolicy implements SchedulingPolicy {

  private final int perRound;
  private int next;

  private final WirelessModel model;

  RoundRobinPolicy(int perRound, WirelessModel model) {
    this.model = model;
    this.perRound = perRound;
  }

  @Override
  public String name() {
    return "round-robin";
  }

  @Override
  public RoundDecision decide(RoundInput input) {
    int population = input.reports().size();
    int[] picked = new int[Math.min(perRound, population)];
    int n = 0;
    for (int step = 0; step < population && n < picked.length; step++) {
      ChannelReport r = input.reports().get((next + step) % population);
      if (r.available()) {
        picked[n++] = r.device();
      }
    }
    next = (next + picked.length) % Math.max(1, population);
    return EqualShares.of(Arrays.copyOf(picked, n), input, model);
  }

  @Override
  public Map<String, Long> state() {
    return Map.of("next", (long) next);
  }

  @Override
  public void restore(Map<String, Long> state) {
    next = SchedulingPolicy.restoredInt(name(), state, "next");
  }
}
