package org.edgetune.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.edgetune.wireless.WirelessModel;
import org.junit.jupiter.api.Test;

/**
 * Beyond brute force: for many devices the set search takes shortcuts (one ranking, a grid of N,
 * screened moves), so its objective is checked against a Lagrangian lower bound. For any price
 * λ ≥ 0, min_N [V·w·Φ(N) + (sum of the N smallest c_k(λ))] − λ with
 * c_k(λ) = min_{β ≥ deadline share} w_k·E_k(β) + λ·β bounds the optimum from below; c_k is found
 * here by golden-section search on the wireless model's energy, independently of the solver.
 */
class LargeKDualBoundTest {

  private static final double GOLDEN = (Math.sqrt(5) - 1) / 2;

  @Test
  void manyDeviceObjectiveIsCloseToTheLagrangianBound() {
    SplittableRandom random = new SplittableRandom(77);
    double worst = 0;
    for (int instance = 0; instance < 6; instance++) {
      int k = instance % 2 == 0 ? 300 : 1000;
      WirelessModel model = RandomRounds.model(0);
      ScheduleSettings settings = RandomRounds.SCHEDULE.withV(0.3 + 3 * random.nextDouble());
      LyapunovPolicy policy = (LyapunovPolicy) Policies.create("lyapunov", settings, model, k, 1);
      RoundInput input = new RoundInput(95, 100, RandomRounds.reports(random, k), RandomRounds.queues(random, k));
      RoundDecision decision = policy.decide(input);
      PerRoundProblem problem = policy.problem(input);
      double bound = dualBound(input, model, problem, settings.queueWeightFloorJ());
      double gap = (decision.objective() - bound) / bound;
      System.out.printf("K = %d: scheduled %d, objective %.6f, Lagrangian bound %.6f, gap %.3e%n",
          k, decision.grants().size(), decision.objective(), bound, gap);
      assertThat(decision.grants()).isNotEmpty();
      assertThat(gap).isGreaterThan(-1e-9);
      worst = Math.max(worst, gap);
    }
    assertThat(worst).isLessThanOrEqualTo(0.005);
  }

  private static double dualBound(RoundInput in, WirelessModel model, PerRoundProblem p, double floor) {
    double lo = Math.log(1e-8);
    double hi = Math.log(1e3);
    for (int i = 0; i < 50; i++) {
      double a = hi - GOLDEN * (hi - lo);
      double b = lo + GOLDEN * (hi - lo);
      if (dual(in, model, p, floor, Math.exp(a)) < dual(in, model, p, floor, Math.exp(b))) {
        lo = a;
      } else {
        hi = b;
      }
    }
    return dual(in, model, p, floor, Math.exp((lo + hi) / 2));
  }

  private static double dual(RoundInput in, WirelessModel model, PerRoundProblem p, double floor, double price) {
    int k = in.reports().size();
    double[] reduced = new double[k];
    for (ChannelReport r : in.reports()) {
      double w = Math.max(in.queues().backlog(r.device()), floor);
      reduced[r.device()] = minimiseOverShare(share -> w * model.energyJ(share, r.gain(), r.cpuHz()) + price * share);
    }
    Arrays.sort(reduced);
    double best = p.penalty().applyAsDouble(0);
    double sum = 0;
    for (int n = 1; n <= k; n++) {
      sum += reduced[n - 1];
      best = Math.min(best, p.penalty().applyAsDouble(n) + sum);
    }
    return best - price;
  }

  /** Golden-section search of a convex function of the share on (0, 1], in log-share. */
  private static double minimiseOverShare(java.util.function.DoubleUnaryOperator f) {
    double lo = Math.log(1e-9);
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
