package org.edgetune.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.edgetune.wireless.WirelessModel;
import org.junit.jupiter.api.Test;

class BaselinePoliciesTest {

  private static final WirelessModel MODEL = RandomRounds.model(0);
  private static final ScheduleSettings THREE =
      new ScheduleSettings(
          "random",
          100,
          0.03,
          0.1,
          false,
          new ScheduleSettings.Bound(0.97, 1, 1, 2),
          new ScheduleSettings.Lyapunov(0.01, 0.5, 20, 0.02),
          3,
          new ScheduleSettings.Plugin("", 10_000));

  private static RoundInput round(long t, List<ChannelReport> reports) {
    return new RoundInput(t, 100, reports, new EnergyQueues(reports.size(), 0.03));
  }

  private static int[] devices(RoundDecision d) {
    return d.grants().stream().mapToInt(Grant::device).toArray();
  }

  @Test
  void fullTakesEveryAvailableDeviceWithEqualShares() {
    List<ChannelReport> reports = new ArrayList<>(RandomRounds.reports(new SplittableRandom(1), 6));
    reports.set(2, new ChannelReport(2, reports.get(2).gain(), reports.get(2).cpuHz(), false));
    RoundDecision d = Policies.create("full", THREE, MODEL, 6, 1).decide(round(0, reports));
    assertThat(devices(d)).containsExactly(0, 1, 3, 4, 5);
    assertThat(d.grants()).allSatisfy(g -> assertThat(g.share()).isEqualTo(0.2));
  }

  @Test
  void roundRobinCyclesThroughThePopulation() {
    SchedulingPolicy p = Policies.create("round-robin", THREE, MODEL, 10, 1);
    List<ChannelReport> reports = RandomRounds.reports(new SplittableRandom(2), 10);
    assertThat(devices(p.decide(round(0, reports)))).containsExactly(0, 1, 2);
    assertThat(devices(p.decide(round(1, reports)))).containsExactly(3, 4, 5);
    assertThat(devices(p.decide(round(2, reports)))).containsExactly(6, 7, 8);
    assertThat(devices(p.decide(round(3, reports)))).containsExactly(0, 1, 9);
  }

  @Test
  void bestChannelTakesTheStrongestGains() {
    List<ChannelReport> reports = RandomRounds.reports(new SplittableRandom(3), 12);
    int[] expected =
        reports.stream()
            .sorted(Comparator.comparingDouble(ChannelReport::gain).reversed())
            .limit(3)
            .mapToInt(ChannelReport::device)
            .sorted()
            .toArray();
    RoundDecision d =
        Policies.create("best-channel", THREE, MODEL, 12, 1).decide(round(0, reports));
    assertThat(devices(d)).containsExactly(expected);
    assertThat(d.grants()).allSatisfy(g -> assertThat(g.share()).isCloseTo(1 / 3.0, within(1e-15)));
  }

  @Test
  void randomIsKeyedByRoundAndRoughlyUniform() {
    List<ChannelReport> reports = RandomRounds.reports(new SplittableRandom(4), 10);
    SchedulingPolicy a = Policies.create("random", THREE, MODEL, 10, 7);
    SchedulingPolicy b = Policies.create("random", THREE, MODEL, 10, 7);
    int[] counts = new int[10];
    for (int t = 0; t < 3000; t++) {
      int[] picked = devices(a.decide(round(t, reports)));
      assertThat(picked).hasSize(3).doesNotHaveDuplicates();
      assertThat(devices(b.decide(round(t, reports)))).containsExactly(picked);
      for (int d : picked) {
        counts[d]++;
      }
    }
    // Each device is picked with probability 3/10: 900 ± 4 standard deviations (≈ 25 each).
    assertThat(IntStream.of(counts).boxed().toList())
        .allSatisfy(c -> assertThat(c).isBetween(800, 1000));
  }

  @Test
  void myopicKeepsEveryGrantUnderTheCapAndSchedulesAsManyAsPossible() {
    SplittableRandom random = new SplittableRandom(5);
    SchedulingPolicy p = Policies.create("myopic", THREE, MODEL, 15, 1);
    int scheduled = 0;
    for (int t = 0; t < 40; t++) {
      List<ChannelReport> reports = RandomRounds.reports(random, 15);
      RoundDecision d = p.decide(round(t, reports));
      double shares = 0;
      for (Grant g : d.grants()) {
        ChannelReport r = reports.get(g.device());
        assertThat(MODEL.energyJ(g.share(), r.gain(), r.cpuHz()))
            .isLessThanOrEqualTo(0.03 * (1 + 1e-9));
        shares += g.share();
      }
      assertThat(shares).isLessThanOrEqualTo(1 + 1e-12);
      assertThat(d.grants()).hasSize(maxUnderCap(reports));
      scheduled += d.grants().size();
    }
    assertThat(scheduled).isPositive();
  }

  /** Oracle: each device's smallest share meeting the cap by bisection, then the most that fit. */
  private static int maxUnderCap(List<ChannelReport> reports) {
    double[] need = new double[reports.size()];
    for (ChannelReport r : reports) {
      if (MODEL.energyJ(1, r.gain(), r.cpuHz()) > 0.03) {
        need[r.device()] = Double.POSITIVE_INFINITY;
        continue;
      }
      double lo = 0;
      double hi = 1;
      for (int i = 0; i < 100; i++) {
        double mid = (lo + hi) / 2;
        if (MODEL.energyJ(mid, r.gain(), r.cpuHz()) > 0.03) {
          lo = mid;
        } else {
          hi = mid;
        }
      }
      need[r.device()] = hi;
    }
    Arrays.sort(need);
    double used = 0;
    int n = 0;
    while (n < need.length && used + need[n] <= 1 + 1e-9) {
      used += need[n++];
    }
    return n;
  }

  @Test
  void earlyRoundsOfALongHorizonWeighNothingOnlyInTheFirstVersion() {
    List<ChannelReport> reports = RandomRounds.reports(new SplittableRandom(6), 10);
    ScheduleSettings s = RandomRounds.SCHEDULE.withRounds(1000);
    RoundInput early = new RoundInput(0, 1000, reports, new EnergyQueues(10, 0.03));
    // w_0 = 0.97^999 ≈ 6e-14: the first version schedules nobody; the blended weight is at least α.
    assertThat(Policies.create("lyapunov-v1", s, MODEL, 10, 1).decide(early).grants()).isEmpty();
    assertThat(Policies.create("lyapunov", s, MODEL, 10, 1).decide(early).grants()).isNotEmpty();
    assertThat(Policies.create("lyapunov-uniform", s, MODEL, 10, 1).decide(early).grants())
        .isNotEmpty();
    // The last round weighs (1 − α)·w̄⁻¹ + α ≈ 15.5 times the uniform round: at least as many
    // devices.
    RoundInput last = new RoundInput(999, 1000, reports, new EnergyQueues(10, 0.03));
    int blended = devices(Policies.create("lyapunov", s, MODEL, 10, 1).decide(last)).length;
    int uniform = devices(Policies.create("lyapunov-uniform", s, MODEL, 10, 1).decide(last)).length;
    assertThat(blended).isGreaterThan(uniform);
    assertThat(devices(Policies.create("lyapunov-v1", s, MODEL, 10, 1).decide(last))).isNotEmpty();
  }

  @Test
  void creditKnownWithoutBuildingThePolicyIsThePolicysOwn() {
    for (String name : Policies.NAMES) {
      ScheduleSettings s = THREE.withPolicy(name);
      assertThat(Policies.creditJ(s))
          .as(name)
          .isEqualTo(Policies.create(name, s, MODEL, 10, 1).creditJ());
    }
    // 20 rounds of the 0.03 J budget for the policies that bank credit.
    assertThat(Policies.creditJ(THREE.withPolicy("lyapunov")))
        .isCloseTo(0.6, org.assertj.core.api.Assertions.within(1e-12));
  }
}
