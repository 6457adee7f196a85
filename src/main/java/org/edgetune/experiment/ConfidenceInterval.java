package org.edgetune.experiment;

import java.util.Arrays;

/**
 * Mean and 95% confidence interval of a quantity over seeds: mean ± t₀.₉₇₅(n − 1) · s / √n with the
 * sample standard deviation s. NaN values (a seed without the quantity) are left out; with fewer
 * than two values the half-width is NaN.
 *
 * @param values the values that count, in seed order
 */
public record ConfidenceInterval(double[] values, double mean, double halfWidth) {

  public static ConfidenceInterval of(double[] all) {
    double[] values = Arrays.stream(all).filter(v -> !Double.isNaN(v)).toArray();
    int n = values.length;
    double mean = n == 0 ? Double.NaN : Arrays.stream(values).sum() / n;
    if (n < 2) {
      return new ConfidenceInterval(values, mean, Double.NaN);
    }
    // Deviations from the first value, not from the mean: seeds that agree exactly (a run the seed
    // does not affect) then give a half-width of exactly 0, not a rounding residue of 1e-16.
    double shift = values[0];
    double sum = Arrays.stream(values).map(v -> v - shift).sum();
    double squares =
        Math.max(
            0, Arrays.stream(values).map(v -> (v - shift) * (v - shift)).sum() - sum * sum / n);
    double standardError = Math.sqrt(squares / (n - 1) / n);
    return new ConfidenceInterval(values, mean, StudentT.quantile(0.975, n - 1) * standardError);
  }

  public int n() {
    return values.length;
  }

  public double low() {
    return mean - halfWidth;
  }

  public double high() {
    return mean + halfWidth;
  }
}
