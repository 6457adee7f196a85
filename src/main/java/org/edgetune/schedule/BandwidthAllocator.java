package org.edgetune.schedule;

import java.util.Arrays;
import org.edgetune.wireless.NormalizedRate;

/**
 * Exact bandwidth split for a fixed scheduled set: minimise Σ w_i·E_i(β_i) subject to Σ β_i ≤ 1 and
 * β_i ≥ (deadline share). Each E_i is convex and strictly decreasing, so the band is used in full
 * and the KKT conditions read w_i·(−E_i'(β_i)) = λ for every device above its lower bound. For a
 * multiplier λ every device's share follows from one universal inverse ({@link
 * NormalizedRate#marginalInverseLog}); the multiplier is found by a bracketed Newton iteration on
 * ln λ that falls back to bisection whenever Newton leaves the bracket.
 *
 * <p>Per-candidate solutions are cached with their slope, so re-solving a similar set (the set
 * search does this many times a round) starts each device from a first-order prediction.
 */
final class BandwidthAllocator {

  private final RoundCosts costs;
  private final double[] lnScale;
  private final double[] lnY;
  private final double[] lnYAt;
  private final double[] slope;
  private final double[] slopeOut = new double[1];

  BandwidthAllocator(RoundCosts costs) {
    this.costs = costs;
    int n = costs.size;
    this.lnScale = new double[n];
    this.lnY = new double[n];
    this.lnYAt = new double[n];
    Arrays.fill(lnYAt, Double.NaN);
    this.slope = new double[n];
  }

  /**
   * The share candidate i would take at multiplier e^{ell} with no lower bound: the solution of
   * w_i·(−E_i'(β)) = λ.
   */
  double freeShare(int i, double ell) {
    double start;
    if (Double.isNaN(lnYAt[i])) {
      // First use of this candidate: its constant is computed only now, as most never get here.
      lnScale[i] = costs.lnMarginalScale(i);
      start = Double.NaN;
    } else {
      start = lnY[i] + slope[i] * (ell - lnYAt[i]);
    }
    double u = NormalizedRate.marginalInverseLog(ell + lnScale[i], start, slopeOut);
    lnY[i] = u;
    lnYAt[i] = ell;
    slope[i] = slopeOut[0];
    return Math.exp(u) * costs.snrHz[i] / costs.bandwidthHz;
  }

  /** min over β ≥ lower bound of w_i·E_i(β) + λ·β: candidate i's cost at bandwidth price λ. */
  double reducedCost(int i, double ell) {
    double share = Math.max(costs.minShare(i), freeShare(i, ell));
    return costs.cost(i, share) + Math.exp(ell) * share;
  }

  /**
   * The optimal split for the first {@code n} entries of {@code members}, or null when their
   * deadline shares alone exceed the band. {@code ellHint} (NaN for none) is a guess of ln λ.
   */
  Allocation solve(int[] members, int n, double ellHint) {
    if (n == 0) {
      return Allocation.EMPTY;
    }
    int[] set = Arrays.copyOf(members, n);
    double[] shares = new double[n];
    double floorSum = 0;
    for (int j = 0; j < n; j++) {
      floorSum += costs.minShare(set[j]);
    }
    if (floorSum > 1 + 1e-12) {
      return null;
    }
    double tolerance = Math.max(1e-13, 4e-16 * n);
    double ell = Double.isNaN(ellHint) ? initialGuess(set) : ellHint;
    double lo = Double.NEGATIVE_INFINITY;
    double hi = Double.POSITIVE_INFINITY;
    for (int iteration = 0; iteration < 200; iteration++) {
      double sum = 0;
      double derivative = 0;
      for (int j = 0; j < n; j++) {
        int i = set[j];
        double free = freeShare(i, ell);
        if (free <= costs.minShare(i)) {
          shares[j] = costs.minShare(i);
        } else {
          shares[j] = free;
          derivative += free * slope[i];
        }
        sum += shares[j];
      }
      double excess = sum - 1;
      if (Math.abs(excess) <= tolerance) {
        break;
      }
      if (excess > 0) {
        lo = ell;
      } else {
        hi = ell;
      }
      // Newton on ln S(ℓ), which is close to linear in ℓ.
      double next = ell - Math.log(sum) * sum / derivative;
      if (!(next > lo && next < hi)) {
        boolean bracketed = lo > Double.NEGATIVE_INFINITY && hi < Double.POSITIVE_INFINITY;
        next = bracketed ? (lo + hi) / 2 : (excess > 0 ? ell + 4 : ell - 4);
      }
      if (hi - lo <= 1e-15 * Math.max(1, Math.abs(ell))) {
        break;
      }
      ell = next;
    }
    return finish(set, shares, ell);
  }

  /** Scales the free shares so the band sums to exactly 1 and prices the result. */
  private Allocation finish(int[] set, double[] shares, double ell) {
    double clamped = 0;
    double free = 0;
    for (int j = 0; j < set.length; j++) {
      if (shares[j] == costs.minShare(set[j])) {
        clamped += shares[j];
      } else {
        free += shares[j];
      }
    }
    double scale = free > 0 ? (1 - clamped) / free : 1;
    double cost = 0;
    for (int j = 0; j < set.length; j++) {
      if (shares[j] != costs.minShare(set[j])) {
        shares[j] *= scale;
      }
      cost += costs.cost(set[j], shares[j]);
    }
    return new Allocation(set, shares, ell, cost);
  }

  /** ln λ at which the members would on average take an equal share. */
  private double initialGuess(int[] set) {
    double share = 1.0 / set.length;
    double sum = 0;
    for (int i : set) {
      sum += Math.log(costs.marginal(i, share));
    }
    return sum / set.length;
  }
}
