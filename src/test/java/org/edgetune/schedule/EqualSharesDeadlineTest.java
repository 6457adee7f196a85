package org.edgetune.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;
import org.edgetune.wireless.WirelessModel;
import org.junit.jupiter.api.Test;

/**
 * With a deadline the equal-share baselines keep the largest set of their picks that all meet it
 * with an equal share (the grant check refuses anything else): {@code full} against a brute force
 * over every subset of the devices, using the latency itself rather than the minimum share.
 */
class EqualSharesDeadlineTest {

  @Test
  void fullKeepsTheLargestSetThatMeetsTheDeadlineWithEqualShares() {
    SplittableRandom random = new SplittableRandom(23);
    int trimmed = 0;
    for (double deadline : new double[] {0.35, 0.45, 0.7}) {
      WirelessModel model = new WirelessModel(RandomRounds.WIRELESS.withDeadline(deadline));
      SchedulingPolicy full = Policies.create("full", RandomRounds.SCHEDULE, model, 10, 1);
      for (int trial = 0; trial < 40; trial++) {
        int k = 2 + random.nextInt(9);
        List<ChannelReport> reports = RandomRounds.reports(random, k);
        RoundDecision decision =
            full.decide(new RoundInput(trial, 100, reports, RandomRounds.queues(random, k)));
        int best = 0;
        for (int mask = 1; mask < 1 << k; mask++) {
          int n = Integer.bitCount(mask);
          boolean meets = true;
          for (int d = 0; d < k && meets; d++) {
            ChannelReport r = reports.get(d);
            meets =
                (mask >> d & 1) == 0 || model.latencyS(1.0 / n, r.gain(), r.cpuHz()) <= deadline;
          }
          if (meets) {
            best = Math.max(best, n);
          }
        }
        assertThat(decision.grants()).as("K %d, deadline %s", k, deadline).hasSize(best);
        for (Grant g : decision.grants()) {
          ChannelReport r = reports.get(g.device());
          assertThat(g.share()).isEqualTo(1.0 / best);
          assertThat(model.latencyS(g.share(), r.gain(), r.cpuHz()))
              .isLessThanOrEqualTo(deadline * (1 + 1e-9));
        }
        if (best < k) {
          trimmed++;
        }
      }
    }
    assertThat(trimmed).as("cases where the deadline left devices out").isGreaterThan(10);
  }
}
