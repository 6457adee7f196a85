package org.edgetune.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.edgetune.testing.ExamplePolicyJar;
import org.edgetune.wireless.WirelessModel;
import org.edgetune.wireless.WirelessSettings;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example policy of examples/policy-example, built into a jar and loaded as a user's would be
 * ({@code class:} + classpath), decides as a brute force over every set of devices says it should:
 * minimise V·w_t·Φ(|S|) + Σ_{k∈S} (Q_k + Ē)·E_k(1/|S|) over the sets whose members all meet the
 * deadline at the share 1/|S|. The brute force uses the wireless model and the bound's formula
 * directly, not the policy's context.
 */
class ExamplePolicyTest {

  private static final double V = 0.1;
  private static Path jar;

  @BeforeAll
  static void build(@TempDir Path dir) throws IOException {
    jar = ExamplePolicyJar.build(dir);
  }

  @Test
  void choosesTheSetABruteForceFinds() {
    SplittableRandom random = new SplittableRandom(17);
    Set<Integer> sizes = new HashSet<>();
    int deadlineBound = 0;
    for (double deadline : new double[] {0, 0.45, 0.8}) {
      WirelessSettings wireless = RandomRounds.WIRELESS.withDeadline(deadline);
      WirelessModel model = new WirelessModel(wireless);
      for (int k : new int[] {1, 3, 6, 9}) {
        ScheduleSettings settings = settings();
        SchedulingPolicy policy = Policies.create(settings.policy(), settings, model, k, 1);
        assertThat(policy.name()).isEqualTo("class:" + ExamplePolicyJar.CLASS);
        for (int trial = 0; trial < 25; trial++) {
          long round = random.nextInt(settings.rounds());
          List<ChannelReport> reports = new ArrayList<>(RandomRounds.reports(random, k));
          if (k > 1 && random.nextDouble() < 0.3) {
            reports.set(
                0, new ChannelReport(0, reports.get(0).gain(), reports.get(0).cpuHz(), false));
          }
          EnergyQueues queues = RandomRounds.queues(random, k);
          RoundDecision decision =
              policy.decide(new RoundInput(round, settings.rounds(), reports, queues));

          BruteForce best = BruteForce.solve(model, settings, reports, queues, round);
          List<Integer> chosen = decision.grants().stream().map(Grant::device).toList();
          assertThat(chosen)
              .as("K %d, deadline %s, round %d", k, deadline, round)
              .isEqualTo(best.devices);
          assertThat(decision.objective())
              .isCloseTo(best.objective, within(1e-12 + 1e-9 * Math.abs(best.objective)));
          for (Grant g : decision.grants()) {
            assertThat(g.share()).isEqualTo(1.0 / chosen.size());
          }
          sizes.add(chosen.size());
          if (deadline > 0
              && best.devices.size()
                  < BruteForce.solve(
                          new WirelessModel(RandomRounds.WIRELESS),
                          settings,
                          reports,
                          queues,
                          round)
                      .devices
                      .size()) {
            deadlineBound++;
          }
        }
      }
    }
    assertThat(sizes)
        .as("the cases cover empty, single and larger sets")
        .contains(0, 1)
        .hasSizeGreaterThan(4);
    assertThat(deadlineBound).as("cases where the deadline changed the choice").isPositive();
  }

  private static ScheduleSettings settings() {
    return ScheduleSettings.from(
        ConfigFactory.parseString(
                "edgetune.schedule.policy = \"class:"
                    + ExamplePolicyJar.CLASS
                    + "\"\n"
                    + "edgetune.schedule.classpath = \""
                    + jar
                    + "\"")
            .withFallback(ConfigFactory.defaultReference())
            .resolve());
  }

  /** Every subset of the devices, its objective from the model and the bound's formula. */
  private record BruteForce(List<Integer> devices, double objective) {

    static BruteForce solve(
        WirelessModel model,
        ScheduleSettings s,
        List<ChannelReport> reports,
        EnergyQueues queues,
        long round) {
      int k = reports.size();
      int b = model.settings().workload().batchSize();
      double w = Math.pow(s.bound().decay(), s.rounds() - 1 - round);
      List<Integer> best = List.of();
      double bestObjective = V * w * s.bound().noUpdatePenalty();
      for (int mask = 1; mask < 1 << k; mask++) {
        int n = Integer.bitCount(mask);
        double share = 1.0 / n;
        double phi =
            s.bound().gradientVariance() / (n * b)
                + (k == 1
                    ? 0
                    : s.bound().gradientDissimilarity() * (k - n) / ((double) n * (k - 1)));
        double objective = V * w * phi;
        List<Integer> members = new ArrayList<>();
        boolean feasible = true;
        for (int d = 0; d < k && feasible; d++) {
          if ((mask >> d & 1) == 0) {
            continue;
          }
          ChannelReport r = reports.get(d);
          feasible =
              r.available()
                  && r.gain() > 0
                  && (!model.settings().hasDeadline()
                      || model.latencyS(share, r.gain(), r.cpuHz())
                          <= model.settings().deadlineS());
          objective +=
              (queues.backlog(d) + s.energyBudgetJ()) * model.energyJ(share, r.gain(), r.cpuHz());
          members.add(d);
        }
        if (feasible && objective < bestObjective) {
          bestObjective = objective;
          best = members;
        }
      }
      return new BruteForce(best, bestObjective);
    }
  }
}
