package org.edgetune.schedule;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.edgetune.wireless.WirelessModel;

/**
 * The drift-plus-penalty policy of DESIGN.md §5: each round it minimises V·u_t·Φ(N) + Σ_k
 * W_k·E_k(β_k) over the scheduled set and the bandwidth split. The variants differ in the round
 * weight u_t and the energy price W_k (derivation in README, "Wireless model and scheduling
 * policy"):
 *
 * <ul>
 *   <li>{@code lyapunov}: u_t = (1 − α)·w_t/w̄_T + α, the bound's weight normalised to mean 1 over
 *       the horizon and blended with an even share α, so V means the same at every T and no round
 *       weighs nothing; queues bank unspent budget as credit down to −C_k, and the price W_k = f +
 *       Q_k in debt falls linearly with credit to δ·f at full credit.
 *   <li>{@code lyapunov-uniform}: the same with u_t = 1 (the ablation of the weights).
 *   <li>{@code lyapunov-v1}: the first version, u_t = w_t and W_k = max(Q_k, f) with queues that
 *       cannot go below 0 (no credit).
 * </ul>
 *
 * <p>A price of 0 would leave the bandwidth problem without a solution (a device that costs nothing
 * takes none of the band and spends without bound), hence f > 0 and δ > 0.
 */
final class LyapunovPolicy implements SchedulingPolicy {

  /** The three ways of weighting rounds and pricing energy. */
  enum Variant {
    BLENDED,
    UNIFORM,
    V1
  }

  /** Price at full credit as a fraction of f: small, but keeps every price positive. */
  static final double FULL_CREDIT_PRICE = 0.01;

  private final String name;
  private final WirelessModel model;
  private final ConvergenceBound bound;
  private final double v;
  private final double priceJ;
  private final double uniformShare;
  private final double creditJ;
  private final Variant variant;

  /** The last round's set size seeds the next search, which can change its result: checkpointed. */
  private int lastSize;

  LyapunovPolicy(
      String name,
      WirelessModel model,
      ScheduleSettings settings,
      ConvergenceBound bound,
      Variant variant) {
    if (settings.autoV()) {
      throw new IllegalArgumentException(
          "V = auto must be resolved (AutoV) before the policy is built");
    }
    this.name = name;
    this.model = model;
    this.bound = bound;
    this.v = settings.lyapunovV();
    this.priceJ = settings.lyapunov().queueWeightFloorJ();
    this.uniformShare = settings.lyapunov().uniformShare();
    this.creditJ = variant == Variant.V1 ? 0 : settings.creditJ();
    this.variant = variant;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public double creditJ() {
    return creditJ;
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
      weights[k] = price(input.queues().backlog(k));
    }
    RoundCosts costs = RoundCosts.of(input, model, weights);
    double scale = v * roundWeight(input.round(), input.horizon());
    return new PerRoundProblem(costs, n -> scale * bound.phi(n));
  }

  /** u_t. */
  double roundWeight(long round, long horizon) {
    return switch (variant) {
      case UNIFORM -> 1;
      case V1 -> bound.weight(round, horizon);
      case BLENDED -> (1 - uniformShare) * bound.normalisedWeight(round, horizon) + uniformShare;
    };
  }

  /** W_k for backlog Q_k (negative: credit). */
  double price(double backlog) {
    if (variant == Variant.V1) {
      return Math.max(backlog, priceJ);
    }
    if (backlog >= 0) {
      return priceJ + backlog;
    }
    return priceJ * Math.max(1 + backlog / creditJ, FULL_CREDIT_PRICE);
  }
}
