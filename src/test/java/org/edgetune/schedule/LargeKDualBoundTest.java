package org.edgetune.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.edgetune.wireless.WirelessModel;
import org.junit.jupiter.api.Test;

/**
 * Beyond brute force: for many devices the set search takes shortcuts (rankings, a grid of N,
 * screened moves), so its objective is checked against a Lagrangian lower bound. For any price λ ≥
 * 0, min_N [V·w·Φ(N) + (sum of the N smallest c_k(λ))] − λ with c_k(λ) = min_{β ≥ deadline share}
 * w_k·E_k(β) + λ·β bounds the optimum from below; c_k is found here by golden-section search on the
 * wireless model's energy (and the deadline share by bisection on its latency), independently of
 * the solver. Without deadlines the bound is tight; deadline shares make the problem knapsack-like
 * and leave a genuine duality gap, so there the policy is also held against the best of the sets a
 * price sweep suggests (the N devices with the smallest c_k(λ) for each λ on a grid and each N,
 * each with its optimal bandwidth).
 */
class LargeKDualBoundTest {

  private static final double GOLDEN = (Math.sqrt(5) - 1) / 2;

  @Test
  void manyDeviceObjectiveIsCloseToTheLagrangianBound() {
    SplittableRandom random = new SplittableRandom(77);
    double worstFree = 0;
    for (int instance = 0; instance < 8; instance++) {
      int k = instance % 2 == 0 ? 300 : 1000;
      WirelessModel model = RandomRounds.model(instance < 4 ? 0 : 0.9);
      ScheduleSettings settings = RandomRounds.SCHEDULE.withV(0.3 + 3 * random.nextDouble());
      LyapunovPolicy policy = (LyapunovPolicy) Policies.create("lyapunov", settings, model, k, 1);
      RoundInput input =
          new RoundInput(95, 100, RandomRounds.reports(random, k), RandomRounds.queues(random, k));
      RoundDecision decision = policy.decide(input);
      PerRoundProblem problem = policy.problem(input);
      double bound = dualBound(input, model, problem, policy);
      double sweep = priceSweep(input, model, problem, policy);
      double gap = (decision.objective() - bound) / bound;
      System.out.printf(
          "K = %d, deadline %.1f s: scheduled %d, objective %.6f, price-sweep best %.6f, "
              + "Lagrangian bound %.6f, gap to bound %.3e%n",
          k,
          model.settings().deadlineS(),
          decision.grants().size(),
          decision.objective(),
          sweep,
          bound,
          gap);
      assertThat(decision.grants()).isNotEmpty();
      assertThat(gap).isGreaterThan(-1e-9);
      assertThat(decision.objective()).isLessThanOrEqualTo(sweep * (1 + 1e-9));
      if (!model.settings().hasDeadline()) {
        worstFree = Math.max(worstFree, gap);
      }
    }
    assertThat(worstFree).isLessThanOrEqualTo(0.005);
  }

  /** Best objective over the sets "N smallest c_k(λ)" for λ on a log grid and every feasible N. */
  private static double priceSweep(
      RoundInput in, WirelessModel model, PerRoundProblem p, LyapunovPolicy policy) {
    double best = p.penalty().applyAsDouble(0);
    BandwidthAllocator exact = new BandwidthAllocator(p.costs());
    int[] slotOf = new int[in.reports().size()];
    java.util.Arrays.fill(slotOf, -1);
    for (int i = 0; i < p.costs().size; i++) {
      slotOf[p.costs().device[i]] = i;
    }
    for (double lnPrice = Math.log(1e-6); lnPrice <= Math.log(10); lnPrice += 0.4) {
      double[] reduced = reducedCosts(in, model, policy, Math.exp(lnPrice));
      int[] order =
          java.util.stream.IntStream.range(0, reduced.length)
              .boxed()
              .sorted(java.util.Comparator.comparingDouble(d -> reduced[d]))
              .filter(d -> slotOf[d] >= 0)
              .mapToInt(d -> slotOf[d])
              .toArray();
      for (int n = 1; n <= Math.min(60, order.length); n++) {
        Allocation a = exact.solve(order, n, Double.NaN);
        if (a == null) {
          break;
        }
        best = Math.min(best, p.objective(a));
      }
    }
    return best;
  }

  private static double[] reducedCosts(
      RoundInput in, WirelessModel model, LyapunovPolicy policy, double price) {
    double[] reduced = new double[in.reports().size()];
    for (ChannelReport r : in.reports()) {
      double w = policy.price(in.queues().backlog(r.device()));
      double least = deadlineShare(model, r);
      reduced[r.device()] =
          least > 1
              ? Double.POSITIVE_INFINITY
              : minimiseOverShare(
                  share -> w * model.energyJ(share, r.gain(), r.cpuHz()) + price * share, least);
    }
    return reduced;
  }

  private static double dualBound(
      RoundInput in, WirelessModel model, PerRoundProblem p, LyapunovPolicy policy) {
    double lo = Math.log(1e-8);
    double hi = Math.log(1e3);
    for (int i = 0; i < 50; i++) {
      double a = hi - GOLDEN * (hi - lo);
      double b = lo + GOLDEN * (hi - lo);
      if (dual(in, model, p, policy, Math.exp(a)) < dual(in, model, p, policy, Math.exp(b))) {
        lo = a;
      } else {
        hi = b;
      }
    }
    return dual(in, model, p, policy, Math.exp((lo + hi) / 2));
  }

  private static double dual(
      RoundInput in, WirelessModel model, PerRoundProblem p, LyapunovPolicy policy, double price) {
    int k = in.reports().size();
    double[] reduced = reducedCosts(in, model, policy, price);
    Arrays.sort(reduced);
    double best = p.penalty().applyAsDouble(0);
    double sum = 0;
    for (int n = 1; n <= k; n++) {
      sum += reduced[n - 1];
      best = Math.min(best, p.penalty().applyAsDouble(n) + sum);
    }
    return best - price;
  }

  /** The smallest share meeting the deadline by bisection on the latency; 2 if none does. */
  private static double deadlineShare(WirelessModel model, ChannelReport r) {
    if (!model.settings().hasDeadline()) {
      return 1e-9;
    }
    double deadline = model.settings().deadlineS();
    if (model.latencyS(1, r.gain(), r.cpuHz()) > deadline) {
      return 2;
    }
    double lo = 0;
    double hi = 1;
    for (int i = 0; i < 100; i++) {
      double mid = (lo + hi) / 2;
      if (model.latencyS(mid, r.gain(), r.cpuHz()) > deadline) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return hi;
  }

  /** Golden-section search of a convex function of the share on [least, 1], in log-share. */
  private static double minimiseOverShare(java.util.function.DoubleUnaryOperator f, double least) {
    double lo = Math.log(least);
    double hi = 0;
    for (int i = 0; i < 80; i++) {
      double a = hi - GOLDEN * (hi - lo);
      double b = lo + GOLDEN * (hi - lo);
      if (f.applyAsDouble(Math.exp(a)) < f.applyAsDouble(Math.exp(b))) {
        hi = b;
      } else {
        lo = a;
      }
    }
    return f.applyAsDouble(Math.exp((lo + hi) / 2));
  }
}
