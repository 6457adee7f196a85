package org.edgetune.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GammaSamplerTest {

  private static final int DRAWS = 200_000;

  /**
   * Gamma(k, 1) has mean k and variance k; tolerances are five standard errors of the estimates.
   */
  @ParameterizedTest
  @ValueSource(doubles = {0.1, 0.5, 1.0, 2.5, 10.0})
  void matchesTheMeanAndVarianceOfGamma(double shape) {
    SplittableRandom random = new SplittableRandom(11);
    double sum = 0;
    double sumSq = 0;
    for (int i = 0; i < DRAWS; i++) {
      double x = GammaSampler.sample(random, shape);
      assertThat(x).isGreaterThanOrEqualTo(0.0);
      sum += x;
      sumSq += x * x;
    }
    double mean = sum / DRAWS;
    double variance = sumSq / DRAWS - mean * mean;

    double meanError = Math.sqrt(shape / DRAWS);
    // Var of the sample variance ≈ σ⁴ (2 + 6/k) / n for Gamma (excess kurtosis 6/k).
    double varianceError = Math.sqrt(shape * shape * (2 + 6 / shape) / DRAWS);
    assertThat(mean).isCloseTo(shape, within(5 * meanError));
    assertThat(variance).isCloseTo(shape, within(5 * varianceError));
  }

  @Test
  void logSampleStaysFiniteWhereTheDrawItselfUnderflows() {
    SplittableRandom random = new SplittableRandom(5);
    for (int i = 0; i < 1000; i++) {
      assertThat(GammaSampler.logSample(random, 0.002)).isFinite();
    }
  }

  @Test
  void rejectsNonPositiveShape() {
    assertThatThrownBy(() -> GammaSampler.sample(new SplittableRandom(1), 0.0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
