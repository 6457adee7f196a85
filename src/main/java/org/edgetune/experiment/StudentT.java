package org.edgetune.experiment;

/**
 * Student's t distribution: its CDF through the regularized incomplete beta function and its
 * quantiles by bisection on the CDF, enough for confidence intervals over a handful of seeds.
 */
public final class StudentT {

  private StudentT() {}

  /** P(T ≤ t) for T with {@code df} degrees of freedom. */
  public static double cdf(double t, double df) {
    requirePositive(df);
    double tail = 0.5 * regularizedBeta(df / (df + t * t), df / 2, 0.5);
    return t >= 0 ? 1 - tail : tail;
  }

  /** The t with P(T ≤ t) = p, for 0 < p < 1. */
  public static double quantile(double p, double df) {
    requirePositive(df);
    if (!(p > 0 && p < 1)) {
      throw new IllegalArgumentException("probability must be in (0, 1), not " + p);
    }
    if (p < 0.5) {
      return -quantile(1 - p, df);
    }
    double lo = 0;
    double hi = 1;
    while (cdf(hi, df) < p) {
      lo = hi;
      hi *= 2;
    }
    // The CDF is increasing; 200 halvings reach the resolution of a double.
    for (int i = 0; i < 200 && hi - lo > 1e-13 * hi; i++) {
      double mid = 0.5 * (lo + hi);
      if (cdf(mid, df) < p) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return 0.5 * (lo + hi);
  }

  private static void requirePositive(double df) {
    if (!(df > 0)) {
      throw new IllegalArgumentException("degrees of freedom must be positive, not " + df);
    }
  }

  /**
   * I_x(a, b) by its continued fraction (modified Lentz), using the symmetry where it converges
   * faster.
   */
  static double regularizedBeta(double x, double a, double b) {
    if (x <= 0) {
      return 0;
    }
    if (x >= 1) {
      return 1;
    }
    if (x > (a + 1) / (a + b + 2)) {
      return 1 - regularizedBeta(1 - x, b, a);
    }
    double front =
        Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log1p(-x))
            / a;
    double tiny = 1e-300;
    double c = 1;
    double d = 1 - (a + b) * x / (a + 1);
    d = 1 / (Math.abs(d) < tiny ? tiny : d);
    double f = d;
    for (int m = 1; m <= 1000; m++) {
      for (int half = 0; half < 2; half++) {
        double numerator =
            half == 0
                ? m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m))
                : -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1));
        d = 1 + numerator * d;
        d = 1 / (Math.abs(d) < tiny ? tiny : d);
        c = 1 + numerator / c;
        c = Math.abs(c) < tiny ? tiny : c;
        f *= c * d;
      }
      if (Math.abs(c * d - 1) < 1e-15) {
        break;
      }
    }
    return front * f;
  }

  /** ln Γ(x) for x > 0 (Lanczos, g = 7, nine terms; relative error about 1e-15). */
  static double logGamma(double x) {
    if (x < 0.5) {
      return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
    }
    double[] g = {
      0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
      -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
      1.5056327351493116e-7
    };
    double z = x - 1;
    double sum = g[0];
    for (int i = 1; i < g.length; i++) {
      sum += g[i] / (z + i);
    }
    double t = z + 7.5;
    return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
  }
}
