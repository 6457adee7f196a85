package org.edgetune.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;
import org.edgetune.wireless.WirelessModel;
import org.junit.jupiter.api.Test;

/**
 * The lyapunov policy's per-round objective against brute-force enumeration of every subset, each
 * with its optimal bandwidth. The policy's objective is recomputed from its grants with the
 * wireless model, so the test also checks that the grants are what the policy claims.
 */
class LyapunovBruteForceTest {

  @Test
  void withinHalfAPercentOfEnumerationOnFiveHundredInstances() {
    SplittableRandom random = new SplittableRandom(2024);
    double worst = 0;
    double sum = 0;
    int instances = 600;
    int nonTrivial = 0;
    for (int instance = 0; instance < instances; instance++) {
      int k = 1 + random.nextInt(12);
      WirelessModel model = RandomRounds.model(random.nextInt(4) == 0 ? 1.2 + random.nextDouble() : 0);
      ScheduleSettings settings = RandomRounds.SCHEDULE.withV(Math.pow(10, -2 + 3 * random.nextDouble()));
      LyapunovPolicy policy = (LyapunovPolicy) Policies.create("lyapunov", settings, model, k, 1);
      long round = random.nextInt(100);
      RoundInput input = new RoundInput(round, 100, RandomRounds.reports(random, k), RandomRounds.queues(random, k));

      RoundDecision decision = policy.decide(input);
      PerRoundProblem problem = policy.problem(input);
      double claimed = recompute(decision, input, model, problem);
      double optimum = enumerate(problem);

      assertThat(claimed).isCloseTo(decision.objective(), org.assertj.core.api.Assertions.within(1e-9 * claimed));
      double gap = (claimed - optimum) / optimum;
      assertThat(gap).as("instance %d, K = %d", instance, k).isGreaterThan(-1e-9);
      worst = Math.max(worst, gap);
      sum += gap;
      if (!decision.grants().isEmpty() && decision.grants().size() < problem.costs().size) {
        nonTrivial++;
      }
    }
    System.out.printf("lyapunov vs brute force over %d instances: worst gap %.3e, mean gap %.3e%n",
        instances, worst, sum / instances);
    assertThat(worst).isLessThanOrEqualTo(0.005);
    // Most instances must be real choices (some but not all devices), or the test proves little.
    assertThat(nonTrivial).isGreaterThan(instances / 2);
  }

  /** V·w_t·Φ(N) + Σ_k max(Q_k, floor)·E_k(β_k), with E from the wireless model. */
  private static double recompute(RoundDecision d, RoundInput in, WirelessModel model, PerRoundProblem p) {
    double total = p.penalty().applyAsDouble(d.grants().size());
    double floor = RandomRounds.SCHEDULE.queueWeightFloorJ();
    double shares = 0;
    for (Grant g : d.grants()) {
      ChannelReport r = in.reports().get(g.device());
      double w = Math.max(in.queues().backlog(g.device()), floor);
      total += w * model.energyJ(g.share(), r.gain(), r.cpuHz());
      shares += g.share();
      if (model.settings().hasDeadline()) {
        assertThat(model.latencyS(g.share(), r.gain(), r.cpuHz()))
            .isLessThanOrEqualTo(model.settings().deadlineS() * (1 + 1e-9));
      }
    }
    assertThat(shares).isLessThanOrEqualTo(1 + 1e-12);
    return total;
  }

  private static double enumerate(PerRoundProblem p) {
    int n = p.costs().size;
    double best = p.penalty().applyAsDouble(0);
    int[] members = new int[n];
    for (int mask = 1; mask < (1 << n); mask++) {
      int size = 0;
      for (int i = 0; i < n; i++) {
        if ((mask & (1 << i)) != 0) {
          members[size++] = i;
        }
      }
      Allocation a = new BandwidthAllocator(p.costs()).solve(members, size, Double.NaN);
      if (a != null) {
        best = Math.min(best, p.objective(a));
      }
    }
    return best;
  }
}
