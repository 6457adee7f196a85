package org.edgetune.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** t quantiles against printed tables and closed forms; a confidence interval computed by hand. */
class ConfidenceIntervalTest {

  @Test
  void quantilesMatchTheTables() {
    // Two-sided 95% critical values, e.g. NIST/SEMATECH e-Handbook table 1.3.6.7.2.
    assertThat(StudentT.quantile(0.975, 1)).isCloseTo(12.7062047, within(1e-6));
    assertThat(StudentT.quantile(0.975, 2)).isCloseTo(4.3026527, within(1e-6));
    assertThat(StudentT.quantile(0.975, 4)).isCloseTo(2.7764451, within(1e-6));
    assertThat(StudentT.quantile(0.975, 9)).isCloseTo(2.2621572, within(1e-6));
    assertThat(StudentT.quantile(0.975, 30)).isCloseTo(2.0422725, within(1e-6));
    assertThat(StudentT.quantile(0.95, 5)).isCloseTo(2.0150484, within(1e-6));
    assertThat(StudentT.quantile(0.025, 9)).isCloseTo(-2.2621572, within(1e-6));
    // Towards the normal quantile 1.959964 for many degrees of freedom.
    assertThat(StudentT.quantile(0.975, 1e6)).isCloseTo(1.959966, within(1e-5));
  }

  @Test
  void cdfMatchesClosedForms() {
    for (double t : new double[] {-3, -0.4, 0, 0.7, 2.5, 40}) {
      // df = 1 is Cauchy: 1/2 + atan(t)/π; df = 2: 1/2 + t / (2 √(2 + t²)).
      assertThat(StudentT.cdf(t, 1)).isCloseTo(0.5 + Math.atan(t) / Math.PI, within(1e-12));
      assertThat(StudentT.cdf(t, 2)).isCloseTo(0.5 + t / (2 * Math.sqrt(2 + t * t)), within(1e-12));
    }
    assertThat(StudentT.logGamma(5)).isCloseTo(Math.log(24), within(1e-12));
    assertThat(StudentT.logGamma(0.5)).isCloseTo(0.5 * Math.log(Math.PI), within(1e-12));
  }

  @Test
  void intervalOfThreeSeedsByHand() {
    // mean 0.93; deviations −0.03, −0.01, 0.04: s² = 0.0026 / 2 = 0.0013, s/√3 = 0.0208167,
    // half-width 4.3026527 · 0.0208167 = 0.0895673.
    ConfidenceInterval ci = ConfidenceInterval.of(new double[] {0.90, 0.92, 0.97});
    assertThat(ci.n()).isEqualTo(3);
    assertThat(ci.mean()).isCloseTo(0.93, within(1e-12));
    assertThat(ci.halfWidth()).isCloseTo(0.0895673, within(1e-6));
    assertThat(ci.low()).isCloseTo(0.8404327, within(1e-6));
  }

  @Test
  void missingValuesAreLeftOutAndOneValueHasNoInterval() {
    // Two values 1 and 3: s = √2, s/√2 = 1, half-width t₀.₉₇₅(1) = 12.7062.
    ConfidenceInterval two = ConfidenceInterval.of(new double[] {1, Double.NaN, 3});
    assertThat(two.n()).isEqualTo(2);
    assertThat(two.mean()).isEqualTo(2);
    assertThat(two.halfWidth()).isCloseTo(12.7062047, within(1e-6));
    ConfidenceInterval one = ConfidenceInterval.of(new double[] {0.5});
    assertThat(one.mean()).isEqualTo(0.5);
    assertThat(one.halfWidth()).isNaN();
    assertThat(ConfidenceInterval.of(new double[0]).mean()).isNaN();
  }

  @Test
  void identicalValuesHaveAZeroHalfWidth() {
    ConfidenceInterval ci =
        ConfidenceInterval.of(
            new double[] {0.6833333333333333, 0.6833333333333333, 0.6833333333333333});
    assertThat(ci.halfWidth()).isZero();
    assertThat(ci.mean()).isCloseTo(0.6833333333333333, org.assertj.core.data.Offset.offset(1e-15));
  }
}
