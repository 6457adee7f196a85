package org.edgetune.schedule;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.edgetune.wireless.WirelessModel;

/**
 * The drift-plus-penalty policy of DESIGN.md §5: each round it minimises
 * V·w_t·Φ(N) + Σ_k Q_k·a_k·E_k(β_k) over the scheduled set and the bandwidth split.
 *
 * <p>A device with an empty queue would cost nothing, and the bandwidth problem would then starve
 * it of the band (its energy and latency unbounded). Queue weights therefore have a floor
 * ({@code queue-weight-floor-j}): when every queue is below it the split minimises total energy,
 * which is the same as minimising the summed upload time.
 */
final class LyapunovPolicy implements SchedulingPolicy {

  private final String name;
  private final WirelessModel model;
  private final ConvergenceBound bound;
  private final double v;
  private final double weightFloor;
  private final boolean uniformWeights;
  /** The last round's set size seeds the next search, which can change its result: checkpointed. */
  private int lastSize;

  LyapunovPolicy(String name, WirelessModel model, ScheduleSettings settings, ConvergenceBound bound,
      boolean uniformWeights) {
    this.name = name;
    this.model = model;
    this.bound = bound;
    this.v = settings.lyapunovV();
    this.weightFloor = settings.queueWeightFloorJ();
    this.uniformWeights = uniformWeights;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public RoundDecision decide(RoundInput input) {
    PerRoundProblem problem = problem(input);
    SetSearch.Selection best = new SetSearch(problem.costs(), problem.penalty()).search(lastSize);
    lastSize = best.size();
    Allocation a = best.allocation();
    List<Grant> grants = new ArrayList<>(a.size());
    for (int j = 0; j < a.size(); j++) {
      grants.add(new Grant(problem.costs().device[a.members()[j]], a.shares()[j]));
    }
    grants.sort(java.util.Comparator.comparingInt(Grant::device));
    return new RoundDecision(grants, best.objective());
  }

  @Override
  public Map<String, Long> state() {
    return Map.of("last-size", (long) lastSize);
  }

  @Override
  public void restore(Map<String, Long> state) {
    lastSize = SchedulingPolicy.restoredInt(name, state, "last-size");
  }

  PerRoundProblem problem(RoundInput input) {
    double[] weights = new double[input.queues().size()];
    for (int k = 0; k < weights.length; k++) {
      weights[k] = Math.max(input.queues().backlog(k), weightFloor);
    }
    RoundCosts costs = RoundCosts.of(input, model, weights);
    double scale = v * (uniformWeights ? 1 : bound.weight(input.round(), input.horizon()));
    return new PerRoundProblem(costs, n -> scale * bound.phi(n));
  }
}
