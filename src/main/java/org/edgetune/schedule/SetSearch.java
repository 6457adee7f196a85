package org.edgetune.schedule;

import java.util.Arrays;
import java.util.function.IntToDoubleFunction;

/**
 * Chooses the scheduled set of the per-round problem
 * min_N [ penalty(N) + min_{|S| = N} Σ_{i∈S} w_i·E_i(β_i) ] with the optimal bandwidth for each set.
 *
 * <p>For each N the candidates are ranked by a cost proxy — their cost at an equal share 1/N — and
 * the N cheapest are taken. Few candidates: every N gets its own ranking. Many: one ranking is
 * used for a geometric grid of N, refined between the best grid point's neighbours, and redone
 * once at the best N if that is far from the guess. Nested prefixes never cost less energy as
 * they grow, so the scan stops as soon as a prefix's energy alone exceeds the best objective.
 * Finally a local search tries swapping, adding and dropping single devices.
 */
final class SetSearch {

  /** Up to this many candidates every N is ranked separately. */
  private static final int SMALL = 64;
  /** Up to this many candidates the local search tries every swap. */
  private static final int EXHAUSTIVE_SWAPS = 16;
  /** Devices from each side of the set boundary tried for swaps when there are many candidates. */
  private static final int SWAP_WINDOW = 4;
  private static final double GRID_RATIO = 1.2;

  /** A scheduled set with its bandwidth and total objective. */
  record Selection(Allocation allocation, double objective) {
    int size() {
      return allocation.size();
    }
  }

  private final RoundCosts costs;
  private final IntToDoubleFunction penalty;
  private final BandwidthAllocator allocator;
  /** min over N' ≥ N of penalty(N'): what any set at least this large must still pay. */
  private final double[] penaltyFloor;

  SetSearch(RoundCosts costs, IntToDoubleFunction penalty) {
    this.costs = costs;
    this.penalty = penalty;
    this.allocator = new BandwidthAllocator(costs);
    int n = costs.size;
    this.penaltyFloor = new double[n + 2];
    penaltyFloor[n + 1] = Double.POSITIVE_INFINITY;
    for (int k = n; k >= 0; k--) {
      penaltyFloor[k] = Math.min(penalty.applyAsDouble(k), penaltyFloor[k + 1]);
    }
  }

  BandwidthAllocator allocator() {
    return allocator;
  }

  /** The best set found; {@code sizeHint} (e.g. last round's N) seeds the ranking for many candidates. */
  Selection search(int sizeHint) {
    int n = costs.size;
    Selection best = new Selection(Allocation.EMPTY, penalty.applyAsDouble(0));
    if (n == 0) {
      return best;
    }
    if (n <= SMALL) {
      for (int size = 1; size <= n; size++) {
        Selection s = evaluate(rankAtEqualShare(size), size, Double.NaN);
        if (s == null) {
          continue;
        }
        if (s.objective < best.objective) {
          best = s;
        }
        if (s.allocation.energyCost() + penaltyFloor[size] >= best.objective && size > best.size()) {
          break;
        }
      }
    } else {
      int guess = Math.max(1, Math.min(n, sizeHint > 0 ? sizeHint : 8));
      best = scan(rankAtEqualShare(guess), best);
      if (best.size() > 0 && (best.size() > 1.25 * guess || best.size() < guess / 1.25)) {
        best = scan(rankAtEqualShare(best.size()), best);
      }
    }
    return improve(best);
  }

  /** Objective of the first {@code size} candidates of {@code order}, or null if infeasible. */
  Selection evaluate(int[] order, int size, double ellHint) {
    Allocation a = allocator.solve(order, size, ellHint);
    return a == null ? null : new Selection(a, penalty.applyAsDouble(size) + a.energyCost());
  }

  /** Candidates ordered by w_i·E_i at the equal share 1/size (or their deadline share if larger). */
  int[] rankAtEqualShare(int size) {
    double share = 1.0 / size;
    double[] proxy = new double[costs.size];
    for (int i = 0; i < costs.size; i++) {
      proxy[i] = costs.cost(i, Math.max(share, costs.minShare[i]));
    }
    return Ranking.ascending(proxy);
  }

  private Selection scan(int[] order, Selection incumbent) {
    int n = order.length;
    Selection best = incumbent;
    int bestAt = -1;
    int previous = 0;
    int before = 0;
    int after = n;
    double ell = Double.NaN;
    for (int size = 1; size <= n; size = Math.max(size + 1, (int) (size * GRID_RATIO))) {
      Selection s = evaluate(order, size, ell);
      if (s == null) {
        after = Math.min(after, size - 1);
        break;
      }
      ell = s.allocation.lnMultiplier();
      if (s.objective < best.objective) {
        best = s;
        bestAt = size;
        before = previous;
        after = n;
      } else if (bestAt > 0 && after == n) {
        after = size;
      }
      previous = size;
      if (s.allocation.energyCost() + penaltyFloor[size] >= best.objective) {
        break;
      }
    }
    if (bestAt < 0) {
      return best;
    }
    // The grid skipped the sizes between the best point's neighbours: try them all.
    ell = best.allocation.lnMultiplier();
    for (int size = before + 1; size < Math.min(after, n + 1); size++) {
      if (size == bestAt) {
        continue;
      }
      Selection s = evaluate(order, size, ell);
      if (s != null && s.objective < best.objective) {
        best = s;
      }
    }
    return best;
  }

  /** First-improvement local search over single swaps, additions and removals. */
  private Selection improve(Selection start) {
    Selection best = start;
    boolean exhaustive = costs.size <= EXHAUSTIVE_SWAPS;
    for (int pass = 0; pass < (exhaustive ? 100 : 10); pass++) {
      Selection better = exhaustive ? bestNeighbour(best, allIn(best), allOut(best))
          : bestNeighbour(best, worstInside(best), cheapestOutside(best));
      if (better == null) {
        return best;
      }
      best = better;
    }
    return best;
  }

  /** The best improving set one swap, addition or removal away, or null if none improves. */
  private Selection bestNeighbour(Selection current, int[] inside, int[] outside) {
    int[] members = current.allocation.members();
    int n = members.length;
    double ell = current.allocation.lnMultiplier();
    double threshold = current.objective - 1e-12 * Math.abs(current.objective);
    Selection best = null;
    int[] trial = Arrays.copyOf(members, n + 1);
    for (int out : outside) {
      trial[n] = out;
      Selection added = evaluate(trial, n + 1, ell);
      if (added != null && added.objective < threshold) {
        best = added;
        threshold = added.objective;
      }
    }
    for (int in = 0; in < inside.length; in++) {
      int slot = indexOf(members, inside[in]);
      int[] without = removeAt(members, slot);
      Selection dropped = evaluate(without, n - 1, ell);
      if (dropped != null && dropped.objective < threshold) {
        best = dropped;
        threshold = dropped.objective;
      }
      int[] swapped = members.clone();
      for (int out : outside) {
        swapped[slot] = out;
        Selection s = evaluate(swapped, n, ell);
        if (s != null && s.objective < threshold) {
          best = s;
          threshold = s.objective;
        }
      }
    }
    return best;
  }

  private int[] allIn(Selection s) {
    return s.allocation.members().clone();
  }

  private int[] allOut(Selection s) {
    boolean[] in = membership(s);
    return java.util.stream.IntStream.range(0, costs.size).filter(i -> !in[i]).toArray();
  }

  /** Members with the highest cost w·E at their share: the first to try replacing. */
  private int[] worstInside(Selection s) {
    Allocation a = s.allocation;
    double[] negativeCost = new double[a.size()];
    for (int j = 0; j < a.size(); j++) {
      negativeCost[j] = -(costs.cost(a.members()[j], a.shares()[j]) + Math.exp(a.lnMultiplier()) * a.shares()[j]);
    }
    int[] order = Ranking.ascending(negativeCost);
    int m = Math.min(SWAP_WINDOW, order.length);
    int[] worst = new int[m];
    for (int j = 0; j < m; j++) {
      worst[j] = a.members()[order[j]];
    }
    return worst;
  }

  /** Non-members whose cost at the set's bandwidth price is lowest: the best to bring in. */
  private int[] cheapestOutside(Selection s) {
    boolean[] in = membership(s);
    double ell = s.allocation.size() > 0 ? s.allocation.lnMultiplier() : Double.NaN;
    int[] order = rankAtEqualShare(Math.max(1, s.size()));
    int[] pool = new int[Math.min(4 * SWAP_WINDOW, costs.size)];
    int m = 0;
    for (int i = 0; i < order.length && m < pool.length; i++) {
      if (!in[order[i]]) {
        pool[m++] = order[i];
      }
    }
    if (Double.isNaN(ell)) {
      return Arrays.copyOf(pool, Math.min(m, SWAP_WINDOW));
    }
    double[] reduced = new double[m];
    for (int j = 0; j < m; j++) {
      reduced[j] = allocator.reducedCost(pool[j], ell);
    }
    int[] rank = Ranking.ascending(reduced);
    int[] cheapest = new int[Math.min(m, SWAP_WINDOW)];
    for (int j = 0; j < cheapest.length; j++) {
      cheapest[j] = pool[rank[j]];
    }
    return cheapest;
  }

  private boolean[] membership(Selection s) {
    boolean[] in = new boolean[costs.size];
    for (int i : s.allocation.members()) {
      in[i] = true;
    }
    return in;
  }

  private static int indexOf(int[] a, int value) {
    for (int j = 0; j < a.length; j++) {
      if (a[j] == value) {
        return j;
      }
    }
    throw new IllegalArgumentException(value + " is not a member");
  }

  private static int[] removeAt(int[] a, int slot) {
    int[] b = new int[a.length - 1];
    System.arraycopy(a, 0, b, 0, slot);
    System.arraycopy(a, slot + 1, b, slot, a.length - slot - 1);
    return b;
  }
}
