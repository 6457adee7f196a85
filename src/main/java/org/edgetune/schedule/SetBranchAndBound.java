package org.edgetune.schedule;

import java.util.Arrays;
import java.util.function.IntToDoubleFunction;

/**
 * Exact set choice for few candidates: branch and bound over the subsets, each node priced by a
 * Lagrangian bound on the bandwidth constraint.
 *
 * <p>For any price λ ≥ 0 and any set S ⊇ I drawn from I ∪ U (I: decided members, U: the candidates
 * still open), relaxing Σ β ≤ 1 gives objective(S) ≥ −λ + Σ_{i∈I} c_i(λ) + min_m [penalty(|I| + m)
 * + (the m smallest c_u(λ), u ∈ U)] with c_i(λ) = min_{β ≥ deadline share} w_i·E_i(β) + λ·β ({@link
 * BandwidthAllocator#reducedCost}). The bound is the best of a few prices: the root's dual optimum
 * (found by golden section, the dual being concave in λ) and a ladder around it, since deeper
 * nodes, with deadline shares fixed, prefer higher prices. A subtree goes when its bound reaches
 * the incumbent, or when its members' deadline shares alone exceed the band. Every set that is not
 * pruned is solved exactly, so a search that finishes returns the optimum (to the pruning
 * tolerance, 1e-11 relative). The number of exact solves is capped; a search stopped by the cap
 * returns its best set, which is never worse than the incumbent it started from.
 */
final class SetBranchAndBound {

  /** Relative tolerance of pruning: a subtree is cut when it cannot beat the incumbent by more. */
  private static final double PRUNE_TOLERANCE = 1e-11;

  /** Offsets of ln λ around the root's dual optimum at which every node is also bounded. */
  private static final double[] LADDER = {-2, -1, -0.5, 0.5, 1, 2, 4, 8};

  private static final double GOLDEN = (Math.sqrt(5) - 1) / 2;

  private final RoundCosts costs;
  private final IntToDoubleFunction penalty;
  private final BandwidthAllocator allocator;
  private final int maxSolves;
  private final int n;

  /** Candidates in branching order. */
  private int[] order;

  private double[] lambda;

  /** reduced[p][j]: c of order[j] at price p. */
  private double[][] reduced;

  /** suffixSmallest[p][s][m]: sum of the m smallest c at price p among positions s.. n−1. */
  private double[][][] suffixSmallest;

  private SetSearch.Selection best;
  private int solves;

  SetBranchAndBound(
      RoundCosts costs, IntToDoubleFunction penalty, BandwidthAllocator allocator, int maxSolves) {
    this.costs = costs;
    this.penalty = penalty;
    this.allocator = allocator;
    this.maxSolves = maxSolves;
    this.n = costs.size;
  }

  /** Whether the last {@link #search} finished (its result is then optimal). */
  boolean finished() {
    return solves < maxSolves;
  }

  /** The optimal set, starting from {@code incumbent} (any feasible selection). */
  SetSearch.Selection search(SetSearch.Selection incumbent) {
    best = incumbent;
    solves = 0;
    double root = rootPrice(incumbent);
    lambda = new double[LADDER.length + 2];
    double[] ells = new double[lambda.length];
    ells[0] = root;
    ells[1] = incumbent.size() > 0 ? incumbent.allocation().lnMultiplier() : root;
    for (int p = 0; p < LADDER.length; p++) {
      ells[p + 2] = root + LADDER[p];
    }
    double[] atRoot = new double[n];
    for (int i = 0; i < n; i++) {
      atRoot[i] = allocator.reducedCost(i, root);
    }
    order = Ranking.ascending(atRoot);
    reduced = new double[ells.length][n];
    suffixSmallest = new double[ells.length][][];
    for (int p = 0; p < ells.length; p++) {
      lambda[p] = Math.exp(ells[p]);
      for (int j = 0; j < n; j++) {
        reduced[p][j] = allocator.reducedCost(order[j], ells[p]);
      }
      suffixSmallest[p] = suffixSmallest(reduced[p]);
    }
    int[] members = new int[n];
    double[] sums = new double[ells.length];
    descend(members, 0, 0, 0, sums);
    return best;
  }

  /** Explores every superset of members[0..size) with positions from {@code start} on. */
  private void descend(int[] members, int size, int start, double shareFloor, double[] sums) {
    for (int j = start; j < n && solves < maxSolves; j++) {
      int candidate = order[j];
      double floor = shareFloor + costs.minShare(candidate);
      if (floor > 1 + 1e-12) {
        continue;
      }
      double[] childSums = new double[sums.length];
      for (int p = 0; p < sums.length; p++) {
        childSums[p] = sums[p] + reduced[p][j];
      }
      if (bound(childSums, size + 1, j + 1)
          >= best.objective() - PRUNE_TOLERANCE * Math.abs(best.objective())) {
        continue;
      }
      members[size] = candidate;
      solves++;
      Allocation a = allocator.solve(members, size + 1, Double.NaN);
      if (a != null) {
        double objective = penalty.applyAsDouble(size + 1) + a.energyCost();
        if (objective < best.objective()) {
          best = new SetSearch.Selection(a, objective);
        }
      }
      descend(members, size + 1, j + 1, floor, childSums);
    }
  }

  /**
   * The best Lagrangian bound over the prices for sets of {@code size} members plus any from {@code
   * start} on.
   */
  private double bound(double[] sums, int size, int start) {
    double bound = Double.NEGATIVE_INFINITY;
    for (int p = 0; p < sums.length; p++) {
      double[] smallest = suffixSmallest[p][start];
      double completion = Double.POSITIVE_INFINITY;
      for (int m = 0; m < smallest.length; m++) {
        completion = Math.min(completion, penalty.applyAsDouble(size + m) + smallest[m]);
      }
      bound = Math.max(bound, sums[p] + completion - lambda[p]);
    }
    return bound;
  }

  /** For each start s, prefix sums of the ascending costs among positions s..n−1. */
  private static double[][] suffixSmallest(double[] c) {
    int n = c.length;
    double[][] table = new double[n + 1][];
    for (int s = 0; s <= n; s++) {
      double[] tail = Arrays.copyOfRange(c, s, n);
      Arrays.sort(tail);
      double[] prefix = new double[tail.length + 1];
      for (int m = 0; m < tail.length; m++) {
        prefix[m + 1] = prefix[m] + tail[m];
      }
      table[s] = prefix;
    }
    return table;
  }

  /**
   * ln λ maximising the root's bound (concave in λ, hence unimodal in ln λ), by golden section on a
   * bracket of ±12 around the incumbent's price or, with no incumbent set, an equal-share price.
   */
  private double rootPrice(SetSearch.Selection incumbent) {
    double centre;
    if (incumbent.size() > 0) {
      centre = incumbent.allocation().lnMultiplier();
    } else {
      double sum = 0;
      for (int i = 0; i < n; i++) {
        sum += Math.log(costs.marginal(i, Math.max(1.0 / n, costs.minShare(i))));
      }
      centre = sum / n;
    }
    double lo = centre - 12;
    double hi = centre + 12;
    double a = hi - GOLDEN * (hi - lo);
    double b = lo + GOLDEN * (hi - lo);
    double fa = rootBound(a);
    double fb = rootBound(b);
    for (int iteration = 0; iteration < 40; iteration++) {
      if (fa < fb) {
        lo = a;
        a = b;
        fa = fb;
        b = lo + GOLDEN * (hi - lo);
        fb = rootBound(b);
      } else {
        hi = b;
        b = a;
        fb = fa;
        a = hi - GOLDEN * (hi - lo);
        fa = rootBound(a);
      }
    }
    return (lo + hi) / 2;
  }

  private double rootBound(double ell) {
    double[] c = new double[n];
    for (int i = 0; i < n; i++) {
      c[i] = allocator.reducedCost(i, ell);
    }
    Arrays.sort(c);
    double completion = penalty.applyAsDouble(0);
    double sum = 0;
    for (int m = 1; m <= n; m++) {
      sum += c[m - 1];
      completion = Math.min(completion, penalty.applyAsDouble(m) + sum);
    }
    return completion - Math.exp(ell);
  }
}
