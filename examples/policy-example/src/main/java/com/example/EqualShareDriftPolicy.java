package com.example;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.edgetune.schedule.ChannelReport;
import org.edgetune.schedule.Grant;
import org.edgetune.schedule.PolicyContext;
import org.edgetune.schedule.RoundDecision;
import org.edgetune.schedule.RoundInput;
import org.edgetune.schedule.SchedulingPolicy;

/**
 * An example scheduling policy for EdgeTune: drift-plus-penalty with equal bandwidth shares.
 *
 * <p>Each round it picks the set S of devices that minimises
 *
 * <pre>
 *   V · w_t · Φ(|S|) + Σ_{k∈S} (Q_k + Ē) · E_k(1/|S|)
 * </pre>
 *
 * where every scheduled device gets the share 1/|S|, Q_k is its energy queue, Ē the per-round
 * budget (so energy has a price even while a queue is empty), w_t and Φ the learning bound's weight
 * and term, and only devices that are schedulable and meet the deadline at 1/|S| qualify. With the
 * share fixed by |S| the costs separate, so for each size n the best set is the n cheapest
 * qualifying devices; the policy tries every n and keeps the best.
 */
public final class EqualShareDriftPolicy implements SchedulingPolicy {

  /** V, the weight of the bound against the energy cost [J²]. */
  public static final double V = 0.1;

  private final PolicyContext context;

  public EqualShareDriftPolicy(PolicyContext context) {
    this.context = context;
  }

  @Override
  public String name() {
    return "equal-share-drift";
  }

  @Override
  public RoundDecision decide(RoundInput input) {
    List<ChannelReport> reports = input.reports();
    double penalty = V * context.boundWeight(input.round());
    int[] best = new int[0];
    double bestObjective = penalty * context.phi(0);
    for (int n = 1; n <= reports.size(); n++) {
      double share = 1.0 / n;
      List<double[]> qualifying = new ArrayList<>();
      for (ChannelReport r : reports) {
        if (context.schedulable(r) && context.minShareForDeadline(r) <= share) {
          double price = input.queues().backlog(r.device()) + context.energyBudgetJ();
          qualifying.add(new double[] {price * context.energyJ(r, share), r.device()});
        }
      }
      if (qualifying.size() < n) {
        continue;
      }
      qualifying.sort(
          Comparator.<double[]>comparingDouble(c -> c[0]).thenComparingDouble(c -> c[1]));
      double objective = penalty * context.phi(n);
      int[] set = new int[n];
      for (int j = 0; j < n; j++) {
        objective += qualifying.get(j)[0];
        set[j] = (int) qualifying.get(j)[1];
      }
      if (objective < bestObjective) {
        bestObjective = objective;
        best = set;
      }
    }
    Arrays.sort(best);
    List<Grant> grants = new ArrayList<>(best.length);
    for (int device : best) {
      grants.add(new Grant(device, 1.0 / best.length));
    }
    return new RoundDecision(grants, bestObjective);
  }
}
