package org.edgetune.wireless;

/**
 * The FDMA Shannon rate in normalised form. With the SNR-bandwidth product s = p·h/N0 (Hz) and the
 * normalised bandwidth y = β·B/s, the rate β·B·log2(1 + s/(β·B)) equals s·φ(y)/ln 2 where φ(y) =
 * y·ln(1 + 1/y). Every device's rate curve is this one function scaled, so the inverses the
 * bandwidth solver needs are computed once here, in log-space where they are nearly linear.
 */
public final class NormalizedRate {

  /** Below this normalised bandwidth φ' is computed by its series in 1/y, avoiding cancellation. */
  private static final double SERIES_FROM = 64;

  private static final double LN2 = Math.log(2);

  private NormalizedRate() {}

  public static double phi(double y) {
    return y * Math.log1p(1 / y);
  }

  /** φ'(y) = ln(1 + 1/y) − 1/(1 + y) > 0. */
  public static double phiPrime(double y) {
    if (y < SERIES_FROM) {
      return Math.log1p(1 / y) - 1 / (1 + y);
    }
    // ln(1+z) − z/(1+z) = Σ_{n≥2} (−1)^n (n−1)/n z^n with z = 1/y ≤ 1/64: 12 terms reach 1e-19.
    double z = 1 / y;
    double sum = 0;
    double power = z * z;
    for (int n = 2; n <= 13; n++) {
      double term = (n - 1) * power / n;
      sum += (n % 2 == 0) ? term : -term;
      power *= z;
    }
    return sum;
  }

  /** φ''(y) = −1 / (y (1 + y)²) < 0: the rate is concave in bandwidth. */
  public static double phiSecond(double y) {
    return -1 / (y * (1 + y) * (1 + y));
  }

  /**
   * The marginal function m(y) = φ'(y)/φ(y)², strictly decreasing: −dE/dβ of a device is a constant
   * times m. Returns ln y solving ln m(y) = {@code lnTarget}, by Newton's method on u = ln y
   * starting from {@code uStart} (NaN for a cold start). The slope of ln m in u lies in [−2, −1]
   * and barely bends, so a step below 1e-7 leaves an error near 1e-14 and ends the iteration. If
   * {@code slopeOut} is not null, its first element receives d(ln y)/d(ln m) at the solution (to
   * first order), which callers use to predict the next solution.
   */
  public static double marginalInverseLog(double lnTarget, double uStart, double[] slopeOut) {
    double u = Double.isNaN(uStart) ? -(lnTarget + LN2) / 2 : uStart;
    double slope = -2;
    for (int i = 0; i < 60; i++) {
      double y = Math.exp(u);
      double log1p = Math.log1p(1 / y);
      double p = y * log1p;
      double d1 = y < SERIES_FROM ? log1p - 1 / (1 + y) : phiPrime(y);
      double f = Math.log(d1) - 2 * (u + Math.log(log1p)) - lnTarget;
      slope = y * (phiSecond(y) / d1 - 2 * d1 / p);
      double step = Math.max(-4, Math.min(4, f / slope));
      u -= step;
      if (Math.abs(step) < 1e-7) {
        break;
      }
    }
    if (slopeOut != null) {
      slopeOut[0] = 1 / slope;
    }
    return u;
  }

  /**
   * The normalised bandwidth y with φ(y) = {@code target}, for 0 < target < 1 (φ rises from 0 to
   * its limit 1). Newton on ln φ in u = ln y, kept inside a shrinking bracket, from the asymptotes
   * y ≈ t/ln(1 + 1/t) (small t) and y ≈ 1/(2(1 − t)) (t near 1).
   */
  public static double phiInverse(double target) {
    if (!(target > 0 && target < 1)) {
      throw new IllegalArgumentException("φ only takes values in (0, 1), not " + target);
    }
    double lo = Double.NEGATIVE_INFINITY;
    double hi = Double.POSITIVE_INFINITY;
    double lnTarget = Math.log(target);
    double u = Math.log(target < 0.5 ? target / Math.log1p(1 / target) : 0.5 / (1 - target));
    for (int i = 0; i < 100; i++) {
      double y = Math.exp(u);
      double log1p = Math.log1p(1 / y);
      double f = u + Math.log(log1p) - lnTarget;
      if (f > 0) {
        hi = u;
      } else {
        lo = u;
      }
      double d1 = y < SERIES_FROM ? log1p - 1 / (1 + y) : phiPrime(y);
      double next = u - f / (d1 / log1p);
      if (!(next > lo && next < hi)) {
        next = Double.isInfinite(lo) || Double.isInfinite(hi) ? u - Math.signum(f) : (lo + hi) / 2;
      }
      if (Math.abs(next - u) < 1e-10) {
        return Math.exp(next);
      }
      u = next;
    }
    return Math.exp(u);
  }
}
