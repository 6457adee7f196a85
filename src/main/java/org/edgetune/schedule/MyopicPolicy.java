package org.edgetune.schedule;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.edgetune.wireless.WirelessModel;

/**
 * Keeps every device inside its budget in every single round (E_k(t) ≤ Ē_k) and otherwise schedules
 * as many devices as possible, which minimises Φ(N). Each candidate needs at least the share at
 * which its energy meets the cap (and its deadline share); taking the smallest needs first
 * maximises N. Bandwidth left over goes where it saves the most energy.
 */
final class MyopicPolicy implements SchedulingPolicy {

  private final WirelessModel model;
  private final double capJ;

  MyopicPolicy(WirelessModel model, double capJ) {
    this.model = model;
    this.capJ = capJ;
  }

  @Override
  public String name() {
    return "myopic";
  }

  @Override
  public RoundDecision decide(RoundInput input) {
    double[] unit = new double[input.queues().size()];
    Arrays.fill(unit, 1);
    RoundCosts candidates = RoundCosts.of(input, model, unit);
    int n = candidates.size;
    double[] need = new double[n];
    for (int i = 0; i < n; i++) {
      need[i] = Math.max(candidates.minShare(i), candidates.shareForEnergyCap(i, capJ));
    }
    int[] order = Ranking.ascending(need);
    int taken = 0;
    double used = 0;
    while (taken < n && used + need[order[taken]] <= 1) {
      used += need[order[taken]];
      taken++;
    }
    RoundCosts capped = candidates.with(Arrays.copyOf(candidates.weight, n), need);
    Allocation a = new BandwidthAllocator(capped).solve(order, taken, Double.NaN);
    List<Grant> grants = new ArrayList<>(taken);
    for (int j = 0; j < taken; j++) {
      grants.add(new Grant(candidates.device[a.members()[j]], a.shares()[j]));
    }
    grants.sort(java.util.Comparator.comparingInt(Grant::device));
    return new RoundDecision(grants, Double.NaN);
  }
}
