package org.edgetune.schedule;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntToDoubleFunction;
import java.util.stream.IntStream;

/**
 * Chooses the scheduled set of the per-round problem min_N [ penalty(N) + min_{|S| = N} Σ_{i∈S}
 * w_i·E_i(β_i) ] with the optimal bandwidth for each set.
 *
 * <p>For each N the candidates are ranked by a cost proxy — their cost at an equal share 1/N — and
 * the N cheapest are taken. With few candidates every N gets its own ranking. With many, one
 * ranking (of only as many candidates as the scan reaches) serves a geometric grid of N, refined
 * between the best grid point's neighbours, and is redone once at the best N if that is far from
 * the guess; finally the ranked candidates are re-ranked by their reduced cost at the best set's
 * bandwidth price and scanned again, for as long as that helps. Nested prefixes never cost less
 * energy as they grow, so a scan stops as soon as a prefix's energy alone exceeds the best
 * objective.
 *
 * <p>A local search then tries swapping, adding and dropping single devices: every move when there
 * are few candidates; otherwise moves near the set's boundary, screened by their first-order change
 * at the bandwidth price λ (a device's reduced cost w·E(β) + λ·β), only the most promising being
 * solved exactly.
 */
final class SetSearch {

  /** Up to this many candidates every N is ranked separately. */
  private static final int SMALL = 64;

  /** Up to this many candidates the local search solves every move exactly. */
  private static final int EXHAUSTIVE_MOVES = 16;

  /** Devices from each side of the set boundary considered for moves when there are many. */
  private static final int WINDOW = 4;

  /** Screened moves solved exactly per local-search pass. */
  private static final int EXACT_PER_PASS = 3;

  private static final double GRID_RATIO = 1.2;

  /** Up to this many candidates the heuristic's set is handed to {@link SetBranchAndBound}. */
  static final int EXACT_CANDIDATES = 24;

  /**
   * Exact subset solves the branch and bound may spend: it cannot bind below 17 candidates (2^16
   * subsets), and above that it bounds the work of a round whose tree the prices do not prune.
   */
  static final int MAX_EXACT_SOLVES = 1 << 16;

  /** Raises of ln λ tried when deadlines bind (see {@link #priceRaises}). */
  private static final double[] DEADLINE_PRICE_RAISES = {0, 1, 2};

  /** A scheduled set with its bandwidth and total objective. */
  record Selection(Allocation allocation, double objective) {
    int size() {
      return allocation.size();
    }
  }

  private record Scan(Selection best, boolean ranOut) {}

  private record Move(int[] members, double estimate) {}

  private final RoundCosts costs;
  private final IntToDoubleFunction penalty;
  private final BandwidthAllocator allocator;

  /** min over N' ≥ N of penalty(N'): what any set at least this large must still pay. */
  private final double[] penaltyFloor;

  /** The most recent ranking, cheapest first: where the local search looks for newcomers. */
  private int[] ranking = new int[0];

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

  /**
   * The best set found; {@code sizeHint} (e.g. last round's N) seeds the ranking for many
   * candidates.
   */
  Selection search(int sizeHint) {
    int n = costs.size;
    Selection best = new Selection(Allocation.EMPTY, penalty.applyAsDouble(0));
    if (n == 0) {
      return best;
    }
    if (n <= SMALL) {
      for (int size = 1; size <= n; size++) {
        ranking = Ranking.ascending(proxy(size));
        Selection s = evaluate(ranking, size, Double.NaN);
        if (s == null) {
          continue;
        }
        if (s.objective < best.objective) {
          best = s;
        }
        if (s.allocation.energyCost() + penaltyFloor[size] >= best.objective) {
          break;
        }
      }
    } else {
      int guess = Math.max(1, Math.min(n, sizeHint > 0 ? sizeHint : 8));
      best = rankAndScan(guess, best);
      if (best.size() > 0 && (best.size() > 1.25 * guess || best.size() < guess / 1.25)) {
        best = rankAndScan(best.size(), best);
      }
    }
    // Each re-ranking moves the price; repeat while it pays.
    for (int pass = 0; pass < 3 && best.size() > 0; pass++) {
      Selection reranked = best;
      for (double raise : priceRaises(best)) {
        Selection s = rerankAtPrice(best.allocation.lnMultiplier() + raise, best);
        if (s.objective < reranked.objective) {
          reranked = s;
        }
      }
      if (reranked == best) {
        break;
      }
      best = reranked;
    }
    best = n <= EXHAUSTIVE_MOVES ? improveExhaustively(best) : improveScreened(best);
    if (n <= EXACT_CANDIDATES) {
      best = new SetBranchAndBound(costs, penalty, allocator, MAX_EXACT_SOLVES).search(best);
    }
    return best;
  }

  /** Objective of the first {@code size} candidates of {@code order}, or null if infeasible. */
  private Selection evaluate(int[] order, int size, double ellHint) {
    Allocation a = allocator.solve(order, size, ellHint);
    return a == null ? null : new Selection(a, penalty.applyAsDouble(size) + a.energyCost());
  }

  /** w_i·E_i at the equal share 1/size (or the candidate's deadline share if larger). */
  private double[] proxy(int size) {
    double share = 1.0 / size;
    double[] proxy = new double[costs.size];
    for (int i = 0; i < costs.size; i++) {
      proxy[i] = costs.cost(i, costs.atLeastMinShare(i, share));
    }
    return proxy;
  }

  /** Ranks the cheapest candidates at 1/size and scans; widens the ranking if the scan ran out. */
  private Selection rankAndScan(int size, Selection incumbent) {
    double[] proxy = proxy(size);
    int depth = Math.min(costs.size, Math.max(4 * SMALL, 8 * size));
    while (true) {
      ranking = Ranking.smallest(proxy, depth);
      Scan scan = scan(ranking, incumbent);
      if (!scan.ranOut() || depth == costs.size) {
        return scan.best();
      }
      depth = Math.min(costs.size, 4 * depth);
    }
  }

  /**
   * Raises of ln λ to re-rank at. Without binding deadlines the set's multiplier prices bandwidth
   * correctly. When members sit at their deadline share the multiplier only reflects the others and
   * understates what bandwidth is worth to the set, so higher prices are tried as well.
   */
  private double[] priceRaises(Selection s) {
    Allocation a = s.allocation;
    for (int j = 0; j < a.size(); j++) {
      if (costs.minShare(a.members()[j]) > 0) {
        return DEADLINE_PRICE_RAISES;
      }
    }
    return new double[] {0};
  }

  /**
   * Re-ranks the ranked candidates by their reduced cost w·E(β) + λ·β at price e^{ell} and scans
   * again. The equal-share proxy ignores how much band a device takes (a device far from its
   * deadline needs a large share), which the price charges for.
   */
  private Selection rerankAtPrice(double ell, Selection incumbent) {
    int[] pool = ranking;
    double[] reduced = new double[pool.length];
    for (int j = 0; j < pool.length; j++) {
      reduced[j] = allocator.reducedCost(pool[j], ell);
    }
    int[] order = Ranking.ascending(reduced);
    int[] reranked = new int[pool.length];
    for (int j = 0; j < pool.length; j++) {
      reranked[j] = pool[order[j]];
    }
    ranking = reranked;
    return scan(reranked, incumbent).best();
  }

  /**
   * Evaluates the prefixes of {@code order} on a geometric grid of sizes, then every size between
   * the best grid point's neighbours. Stops at the first infeasible prefix, and as soon as the
   * energy bound shows that no larger prefix can beat the best set so far.
   */
  private Scan scan(int[] order, Selection incumbent) {
    int n = order.length;
    Selection best = incumbent;
    Selection gridBest = null;
    int bestAt = 0;
    int previous = 0;
    int before = 0;
    // Exclusive upper end of the refinement; n + 1 while no worse point follows the grid's best.
    int after = n + 1;
    boolean stopped = false;
    double ell = Double.NaN;
    for (int size = 1; size <= n; size = Math.max(size + 1, (int) (size * GRID_RATIO))) {
      Selection s = evaluate(order, size, ell);
      if (s == null) {
        after = Math.min(after, size);
        stopped = true;
        break;
      }
      ell = s.allocation.lnMultiplier();
      if (gridBest == null || s.objective < gridBest.objective) {
        gridBest = s;
        bestAt = size;
        before = previous;
        after = n + 1;
      } else if (after == n + 1) {
        after = size;
      }
      if (s.objective < best.objective) {
        best = s;
      }
      previous = size;
      if (s.allocation.energyCost() + penaltyFloor[size] >= best.objective) {
        after = Math.min(after, size);
        stopped = true;
        break;
      }
    }
    if (gridBest != null) {
      ell = gridBest.allocation.lnMultiplier();
      for (int size = before + 1; size < after; size++) {
        if (size != bestAt) {
          Selection s = evaluate(order, size, ell);
          if (s != null && s.objective < best.objective) {
            best = s;
          }
        }
      }
    }
    return new Scan(best, !stopped);
  }

  /** First-improvement descent over every single swap, addition and removal, solved exactly. */
  private Selection improveExhaustively(Selection start) {
    Selection current = start;
    for (int pass = 0; pass < 100; pass++) {
      Selection better = null;
      for (Move move : moves(current, current.allocation.members(), outside(current, costs.size))) {
        Selection s =
            evaluate(move.members(), move.members().length, current.allocation.lnMultiplier());
        better = bestImprovement(current, better, s);
      }
      if (better == null) {
        return current;
      }
      current = better;
    }
    return current;
  }

  /**
   * The better of {@code best} and {@code candidate} if it improves on {@code current}, else {@code
   * best}.
   */
  private static Selection bestImprovement(Selection current, Selection best, Selection candidate) {
    boolean improves =
        candidate != null
            && candidate.objective < current.objective - 1e-12 * Math.abs(current.objective);
    return improves && (best == null || candidate.objective < best.objective) ? candidate : best;
  }

  /** Descent over moves at the set's boundary, solving only the best first-order estimates. */
  private Selection improveScreened(Selection start) {
    Selection current = start;
    for (int pass = 0; pass < 10; pass++) {
      int[] inside = worstInside(current);
      int[] outside = outside(current, 4 * WINDOW);
      List<Move> moves = moves(current, inside, cheapestAtPrice(current, outside));
      moves.sort((a, b) -> Double.compare(a.estimate(), b.estimate()));
      Selection better = null;
      double tolerance = 1e-3 * Math.abs(current.objective);
      for (int m = 0; m < Math.min(EXACT_PER_PASS, moves.size()); m++) {
        Move move = moves.get(m);
        if (move.estimate() > tolerance) {
          break;
        }
        Selection s =
            evaluate(move.members(), move.members().length, current.allocation.lnMultiplier());
        better = bestImprovement(current, better, s);
      }
      if (better == null) {
        return current;
      }
      current = better;
    }
    return current;
  }

  /**
   * Single swaps, additions and removals with their first-order change in the objective: at the
   * set's price λ a device entering costs its reduced cost and one leaving gives its own back.
   */
  private List<Move> moves(Selection current, int[] inside, int[] outside) {
    Allocation a = current.allocation;
    int[] members = a.members();
    int n = members.length;
    double ell = a.size() > 0 ? a.lnMultiplier() : Double.NaN;
    double price = Double.isNaN(ell) ? 0 : Math.exp(ell);
    double here = penalty.applyAsDouble(n);
    double[] leaving = new double[inside.length];
    int[] slot = new int[inside.length];
    for (int j = 0; j < inside.length; j++) {
      slot[j] = indexOf(members, inside[j]);
      leaving[j] = costs.cost(inside[j], a.shares()[slot[j]]) + price * a.shares()[slot[j]];
    }
    double[] entering = new double[outside.length];
    for (int j = 0; j < outside.length; j++) {
      entering[j] =
          Double.isNaN(ell) ? costs.cost(outside[j], 1) : allocator.reducedCost(outside[j], ell);
    }
    List<Move> moves = new ArrayList<>();
    for (int o = 0; o < outside.length; o++) {
      int[] added = Arrays.copyOf(members, n + 1);
      added[n] = outside[o];
      moves.add(new Move(added, penalty.applyAsDouble(n + 1) - here + entering[o]));
    }
    for (int j = 0; j < inside.length; j++) {
      moves.add(
          new Move(removeAt(members, slot[j]), penalty.applyAsDouble(n - 1) - here - leaving[j]));
      for (int o = 0; o < outside.length; o++) {
        int[] swapped = members.clone();
        swapped[slot[j]] = outside[o];
        moves.add(new Move(swapped, entering[o] - leaving[j]));
      }
    }
    return moves;
  }

  /** Members with the highest cost at their share and price: the first to try replacing. */
  private int[] worstInside(Selection s) {
    Allocation a = s.allocation;
    double price = a.size() > 0 ? Math.exp(a.lnMultiplier()) : 0;
    double[] negativeCost = new double[a.size()];
    for (int j = 0; j < a.size(); j++) {
      negativeCost[j] = -(costs.cost(a.members()[j], a.shares()[j]) + price * a.shares()[j]);
    }
    int[] order = Ranking.smallest(negativeCost, Math.min(WINDOW, a.size()));
    return IntStream.of(order).map(j -> a.members()[j]).toArray();
  }

  /** Up to {@code limit} non-members, cheapest first by the latest ranking. */
  private int[] outside(Selection s, int limit) {
    boolean[] in = new boolean[costs.size];
    for (int i : s.allocation.members()) {
      in[i] = true;
    }
    return IntStream.of(ranking).filter(i -> !in[i]).limit(limit).toArray();
  }

  /**
   * The {@link #WINDOW} candidates of {@code pool} with the lowest reduced cost at the set's price.
   */
  private int[] cheapestAtPrice(Selection s, int[] pool) {
    if (s.size() == 0) {
      return Arrays.copyOf(pool, Math.min(WINDOW, pool.length));
    }
    double ell = s.allocation.lnMultiplier();
    double[] reduced = new double[pool.length];
    for (int j = 0; j < pool.length; j++) {
      reduced[j] = allocator.reducedCost(pool[j], ell);
    }
    return IntStream.of(Ranking.smallest(reduced, Math.min(WINDOW, pool.length)))
        .map(j -> pool[j])
        .toArray();
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
