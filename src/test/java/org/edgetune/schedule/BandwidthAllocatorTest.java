package org.edgetune.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.edgetune.wireless.WirelessModel;
import org.junit.jupiter.api.Test;

/**
 * The convex bandwidth split against its KKT conditions (with the derivative of the Shannon rate
 * written out independently) and against a fine grid search.
 */
class BandwidthAllocatorTest {

  private static final double LN2 = Math.log(2);

  /** w·(−dE/dβ) from r'(β) = B·[log2(1+x) − x/((1+x)·ln2)], x = p·h/(β·B·N0); −E' = p·U·r'/r². */
  private static double marginal(WirelessModel m, double weight, double share, double gain) {
    double b = m.bandwidthHz();
    double x = m.txPowerW() * gain / (share * b * m.settings().noisePsdWPerHz());
    double rate = share * b * Math.log(1 + x) / LN2;
    double slope = b * (Math.log(1 + x) / LN2 - x / ((1 + x) * LN2));
    return weight * m.txPowerW() * m.uplinkBits() * slope / (rate * rate);
  }

  private static RoundCosts costs(
      WirelessModel model, List<ChannelReport> reports, double[] weights) {
    return RoundCosts.of(
        new RoundInput(0, 1, reports, new EnergyQueues(reports.size(), 0.03)), model, weights);
  }

  @Test
  void solutionSatisfiesKktToOneInABillion() {
    SplittableRandom random = new SplittableRandom(11);
    int checked = 0;
    for (int instance = 0; instance < 300; instance++) {
      int k = 1 + random.nextInt(12);
      WirelessModel model = RandomRounds.model(instance % 3 == 0 ? 1.5 : 0);
      List<ChannelReport> reports = RandomRounds.reports(random, k);
      double[] weights = random.doubles(k, 1e-3, 1).toArray();
      RoundCosts c = costs(model, reports, weights);
      int[] all = IntStream.range(0, c.size).toArray();
      Allocation a = new BandwidthAllocator(c).solve(all, c.size, Double.NaN);
      if (a == null) {
        double floors = IntStream.range(0, c.size).mapToDouble(i -> c.minShare(i)).sum();
        assertThat(floors).isGreaterThan(1);
        continue;
      }
      double lambda = Math.exp(a.lnMultiplier());
      assertThat(IntStream.range(0, a.size()).mapToDouble(j -> a.shares()[j]).sum())
          .isCloseTo(1, within(1e-12));
      for (int j = 0; j < a.size(); j++) {
        int i = a.members()[j];
        ChannelReport r = reports.get(c.device[i]);
        double share = a.shares()[j];
        double m = marginal(model, weights[r.device()], share, r.gain());
        if (share > c.minShare(i) * (1 + 1e-12)) {
          assertThat(m).isCloseTo(lambda, within(1e-9 * lambda));
        } else {
          // At its deadline share a device may value bandwidth less than the price.
          assertThat(m).isLessThanOrEqualTo(lambda * (1 + 1e-9));
          assertThat(model.latencyS(share, r.gain(), r.cpuHz())).isCloseTo(1.5, within(1e-9));
        }
        checked++;
      }
    }
    assertThat(checked).isGreaterThan(1000);
  }

  @Test
  void matchesAFineGridSearchForThreeDevices() {
    SplittableRandom random = new SplittableRandom(5);
    WirelessModel model = RandomRounds.model(0);
    for (int instance = 0; instance < 10; instance++) {
      List<ChannelReport> reports = RandomRounds.reports(random, 3);
      double[] w = random.doubles(3, 0.01, 1).toArray();
      RoundCosts c = costs(model, reports, w);
      Allocation a = new BandwidthAllocator(c).solve(new int[] {0, 1, 2}, 3, Double.NaN);
      double step = 1.0 / 2000;
      double gridBest = Double.POSITIVE_INFINITY;
      double[] argBest = null;
      for (int i = 1; i < 2000; i++) {
        for (int j = 1; i + j < 2000; j++) {
          double[] s = {i * step, j * step, 1 - (i + j) * step};
          double total = 0;
          for (int d = 0; d < 3; d++) {
            total += w[d] * model.energyJ(s[d], reports.get(d).gain(), reports.get(d).cpuHz());
          }
          if (total < gridBest) {
            gridBest = total;
            argBest = s;
          }
        }
      }
      double solved = 0;
      for (int j = 0; j < 3; j++) {
        ChannelReport r = reports.get(c.device[a.members()[j]]);
        solved += w[r.device()] * model.energyJ(a.shares()[j], r.gain(), r.cpuHz());
        assertThat(a.shares()[j]).isCloseTo(argBest[c.device[a.members()[j]]], within(2 * step));
      }
      assertThat(solved).isLessThanOrEqualTo(gridBest * (1 + 1e-12));
      assertThat(solved).isCloseTo(a.energyCost(), within(1e-12 * solved));
      assertThat(solved).isGreaterThan(gridBest * (1 - 1e-4));
    }
  }

  @Test
  void deadlineFloorsBeyondTheBandAreInfeasible() {
    WirelessModel model = RandomRounds.model(0.9);
    // Ten devices at the cell edge in a fade cannot all meet 0.9 s on 20 MHz.
    List<ChannelReport> reports =
        IntStream.range(0, 10)
            .mapToObj(
                d -> new ChannelReport(d, RandomRounds.WIRELESS.pathGain(480) * 0.5, 1e9, true))
            .toList();
    RoundCosts c = costs(model, reports, new double[10]);
    assertThat(c.size).isEqualTo(10);
    double floors = IntStream.range(0, 10).mapToDouble(i -> c.minShare(i)).sum();
    assertThat(floors).isGreaterThan(1);
    assertThat(new BandwidthAllocator(c).solve(IntStream.range(0, 10).toArray(), 10, Double.NaN))
        .isNull();
    assertThat(new BandwidthAllocator(c).solve(new int[] {0, 1}, 2, Double.NaN)).isNotNull();
  }

  @Test
  void equalWeightsMinimiseTheTotalUploadTime() {
    WirelessModel model = RandomRounds.model(0);
    List<ChannelReport> reports =
        List.of(
            new ChannelReport(0, RandomRounds.WIRELESS.pathGain(100), 1e9, true),
            new ChannelReport(1, RandomRounds.WIRELESS.pathGain(450), 1e9, true));
    RoundCosts c = costs(model, reports, new double[] {0.01, 0.01});
    Allocation a = new BandwidthAllocator(c).solve(new int[] {0, 1}, 2, Double.NaN);
    double best = Double.POSITIVE_INFINITY;
    double bestShare = 0;
    for (int i = 1; i < 100_000; i++) {
      double s = i / 100_000.0;
      double time =
          model.uplinkBits() / model.uplinkRate(s, reports.get(0).gain())
              + model.uplinkBits() / model.uplinkRate(1 - s, reports.get(1).gain());
      if (time < best) {
        best = time;
        bestShare = s;
      }
    }
    assertThat(a.shares()[0]).isCloseTo(bestShare, within(2e-5));
    // The far device gets more of the band: it needs it more.
    assertThat(a.shares()[1]).isGreaterThan(a.shares()[0]);
  }
}
