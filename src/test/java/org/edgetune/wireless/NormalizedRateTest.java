package org.edgetune.wireless;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class NormalizedRateTest {

  @Test
  void derivativesMatchCentralDifferencesOnBothSidesOfTheSeriesSwitch() {
    for (double y : new double[] {1e-6, 1e-3, 0.3, 5, 63.9, 64.1, 500, 1e4}) {
      double h = y * 1e-5;
      double numeric = (NormalizedRate.phi(y + h) - NormalizedRate.phi(y - h)) / (2 * h);
      assertThat(NormalizedRate.phiPrime(y)).isCloseTo(numeric, within(1e-6 * Math.abs(numeric)));
      double numeric2 = (NormalizedRate.phiPrime(y + h) - NormalizedRate.phiPrime(y - h)) / (2 * h);
      assertThat(NormalizedRate.phiSecond(y))
          .isCloseTo(numeric2, within(1e-5 * Math.abs(numeric2)));
    }
    // The series and the direct form agree where they meet.
    double y = 64;
    double direct = Math.log1p(1 / y) - 1 / (1 + y);
    assertThat(NormalizedRate.phiPrime(y)).isCloseTo(direct, within(1e-13 * direct));
  }

  @Test
  void inversesRoundTrip() {
    for (double y : new double[] {1e-9, 1e-4, 0.01, 1, 30, 1e3, 1e6}) {
      double m = NormalizedRate.phiPrime(y) / Math.pow(NormalizedRate.phi(y), 2);
      double u = NormalizedRate.marginalInverseLog(Math.log(m), Double.NaN, null);
      assertThat(Math.exp(u)).isCloseTo(y, within(1e-11 * y));
      if (y < 1e3) {
        assertThat(NormalizedRate.phiInverse(NormalizedRate.phi(y))).isCloseTo(y, within(1e-9 * y));
      }
    }
  }
}
