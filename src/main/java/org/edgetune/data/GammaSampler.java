package org.edgetune.data;

import java.util.random.RandomGenerator;

/**
 * Gamma(shape, 1) draws by Marsaglia and Tsang, "A simple method for generating gamma variables"
 * (ACM TOMS 26(3), 2000), with their boost {@code Gamma(a) = Gamma(a + 1) · U^(1/a)} for a < 1.
 */
final class GammaSampler {

  private GammaSampler() {}

  static double sample(RandomGenerator random, double shape) {
    return Math.exp(logSample(random, shape));
  }

  /**
   * The logarithm of a draw. Dirichlet weights for small alpha are far below the smallest double
   * (U^(1/a) underflows for a ≈ 0.01), but their logarithms normalise without trouble.
   */
  static double logSample(RandomGenerator random, double shape) {
    if (!(shape > 0.0) || Double.isInfinite(shape)) {
      throw new IllegalArgumentException("gamma shape must be positive and finite, not " + shape);
    }
    if (shape < 1.0) {
      double u = 1.0 - random.nextDouble(); // in (0, 1], so the logarithm is finite
      return logSample(random, shape + 1.0) + Math.log(u) / shape;
    }
    double d = shape - 1.0 / 3.0;
    double c = 1.0 / Math.sqrt(9.0 * d);
    while (true) {
      double x = random.nextGaussian();
      double v = 1.0 + c * x;
      if (v <= 0.0) {
        continue;
      }
      v = v * v * v;
      double u = random.nextDouble();
      if (u < 1.0 - 0.0331 * (x * x) * (x * x)
          || Math.log(u) < 0.5 * x * x + d * (1.0 - v + Math.log(v))) {
        return Math.log(d * v);
      }
    }
  }
}
