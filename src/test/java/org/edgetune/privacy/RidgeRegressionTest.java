package org.edgetune.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/**
 * The ridge solver against oracles that do not share its code: a known affine map recovered
 * exactly, Gaussian elimination on normal equations formed row by row, the first-order optimality
 * of the ridge objective, and the squared error summed over the rows directly.
 */
class RidgeRegressionTest {

  private static final int N = 300;
  private static final int K = 12;
  private static final int M = 5;

  private final SplittableRandom random = new SplittableRandom(7);
  private final float[] x = gaussian(N * K);
  private final double[][] truth = gaussianMatrix(K + 1, M);

  @Test
  void aKnownAffineMapIsRecoveredExactly() {
    float[] y = apply(truth, x, N);
    RidgeRegression.Gram gram = gram(x, y);
    double[][] w = RidgeRegression.fit(gram, 1e-9).weights();
    for (int j = 0; j <= K; j++) {
      for (int c = 0; c < M; c++) {
        // Targets are rounded to float (≈ 1e-7 relative), so the map is recovered to about that.
        assertThat(w[j][c]).as("W[%d][%d]", j, c).isCloseTo(truth[j][c], Offset.offset(1e-5));
      }
    }
    assertThat(gram.squaredError(new RidgeRegression.LinearMap(w))).isLessThan(1e-8);
  }

  @Test
  void agreesWithGaussianEliminationOnNormalEquationsFormedRowByRow() {
    float[] y = noisyTargets();
    double lambda = 3.7;
    double[][] w = RidgeRegression.fit(gram(x, y), lambda).weights();

    double[][] a = new double[K + 1][K + 1];
    double[][] b = new double[K + 1][M];
    for (int r = 0; r < N; r++) {
      double[] row = withBias(r);
      for (int j = 0; j <= K; j++) {
        for (int k = 0; k <= K; k++) {
          a[j][k] += row[j] * row[k];
        }
        for (int c = 0; c < M; c++) {
          b[j][c] += row[j] * y[r * M + c];
        }
      }
    }
    for (int j = 0; j < K; j++) {
      a[j][j] += lambda;
    }
    for (int c = 0; c < M; c++) {
      double[] rhs = new double[K + 1];
      for (int j = 0; j <= K; j++) {
        rhs[j] = b[j][c];
      }
      double[] expected = LabelInference.solve(a, rhs);
      for (int j = 0; j <= K; j++) {
        assertThat(w[j][c]).isCloseTo(expected[j], Offset.offset(1e-9));
      }
    }
  }

  /**
   * The gradient of Σ‖x̃W − y‖² + λ‖W without bias‖² vanishes at the solution: X̃ᵀ(X̃W − Y) + λDW =
   * 0, evaluated from the rows, not from the solver's sums.
   */
  @Test
  void theSolutionIsAStationaryPointOfTheRidgeObjective() {
    float[] y = noisyTargets();
    double lambda = 25;
    double[][] w = RidgeRegression.fit(gram(x, y), lambda).weights();
    double[][] gradient = new double[K + 1][M];
    double scale = 0;
    for (int r = 0; r < N; r++) {
      double[] row = withBias(r);
      for (int c = 0; c < M; c++) {
        double residual = -y[r * M + c];
        for (int j = 0; j <= K; j++) {
          residual += row[j] * w[j][c];
        }
        for (int j = 0; j <= K; j++) {
          gradient[j][c] += row[j] * residual;
          scale = Math.max(scale, Math.abs(row[j] * y[r * M + c]));
        }
      }
    }
    for (int j = 0; j < K; j++) {
      for (int c = 0; c < M; c++) {
        gradient[j][c] += lambda * w[j][c];
      }
    }
    for (double[] row : gradient) {
      for (double g : row) {
        assertThat(Math.abs(g)).isLessThan(1e-9 * scale * N);
      }
    }
    // And the penalty does shrink: the unpenalised least squares fit has a larger norm.
    double[][] nearlyOls = RidgeRegression.fit(gram(x, y), 1e-9).weights();
    assertThat(norm(w)).isLessThan(norm(nearlyOls));
  }

  @Test
  void squaredErrorFromTheSumsEqualsTheSumOverTheRows() {
    float[] y = noisyTargets();
    RidgeRegression.Gram gram = gram(x, y);
    RidgeRegression.LinearMap map = new RidgeRegression.LinearMap(gaussianMatrix(K + 1, M));
    float[] predicted = map.apply(x, N);
    double direct = 0;
    double[] mean = new double[M];
    for (int r = 0; r < N; r++) {
      for (int c = 0; c < M; c++) {
        double[] row = withBias(r);
        double p = 0;
        for (int j = 0; j <= K; j++) {
          p += row[j] * map.weights()[j][c];
        }
        assertThat(predicted[r * M + c]).isCloseTo((float) p, Offset.offset(1e-4f));
        direct += (p - y[r * M + c]) * (p - y[r * M + c]);
        mean[c] += y[r * M + c] / (double) N;
      }
    }
    assertThat(gram.squaredError(map)).isCloseTo(direct, Offset.offset(1e-9 * direct));
    double variance = 0;
    for (int r = 0; r < N; r++) {
      for (int c = 0; c < M; c++) {
        variance += (y[r * M + c] - mean[c]) * (y[r * M + c] - mean[c]);
      }
    }
    assertThat(gram.targetVariance()).isCloseTo(variance, Offset.offset(1e-9 * variance));
  }

  @Test
  void gramsOfTwoHalvesAddUpToTheGramOfAll() {
    float[] y = noisyTargets();
    int half = N / 2;
    RidgeRegression.Gram first = new RidgeRegression.Gram(K, M);
    first.add(slice(x, 0, half * K), slice(y, 0, half * M), half);
    RidgeRegression.Gram second = new RidgeRegression.Gram(K, M);
    second.add(slice(x, half * K, N * K), slice(y, half * M, N * M), N - half);
    double[][] split = RidgeRegression.fit(first.plus(second), 2).weights();
    double[][] whole = RidgeRegression.fit(gram(x, y), 2).weights();
    for (int j = 0; j <= K; j++) {
      for (int c = 0; c < M; c++) {
        assertThat(split[j][c]).isCloseTo(whole[j][c], Offset.offset(1e-12));
      }
    }
  }

  @Test
  void aLinearlyDependentInputNeedsAPositivePenalty() {
    // The last input is the negated sum of the others (as after a LayerNorm): X̃ᵀX̃ is singular.
    float[] dependent = x.clone();
    for (int r = 0; r < N; r++) {
      float sum = 0;
      for (int j = 0; j < K - 1; j++) {
        sum += dependent[r * K + j];
      }
      dependent[r * K + K - 1] = -sum;
    }
    RidgeRegression.Gram gram = gram(dependent, noisyTargets());
    assertThat(RidgeRegression.fit(gram, 1e-3).weights()[0][0]).isFinite();
    assertThatThrownBy(() -> RidgeRegression.fit(gram, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("positive");
  }

  private float[] noisyTargets() {
    float[] y = apply(truth, x, N);
    for (int i = 0; i < y.length; i++) {
      y[i] += (float) random.nextGaussian();
    }
    return y;
  }

  private double[] withBias(int r) {
    double[] row = new double[K + 1];
    for (int j = 0; j < K; j++) {
      row[j] = x[r * K + j];
    }
    row[K] = 1;
    return row;
  }

  private static RidgeRegression.Gram gram(float[] x, float[] y) {
    RidgeRegression.Gram gram = new RidgeRegression.Gram(K, M);
    gram.add(x, y, N);
    return gram;
  }

  private static float[] apply(double[][] w, float[] x, int n) {
    float[] y = new float[n * M];
    for (int r = 0; r < n; r++) {
      for (int c = 0; c < M; c++) {
        double sum = w[K][c];
        for (int j = 0; j < K; j++) {
          sum += x[r * K + j] * w[j][c];
        }
        y[r * M + c] = (float) sum;
      }
    }
    return y;
  }

  private static double norm(double[][] w) {
    double sum = 0;
    for (int j = 0; j < K; j++) {
      for (double v : w[j]) {
        sum += v * v;
      }
    }
    return Math.sqrt(sum);
  }

  private static float[] slice(float[] values, int from, int to) {
    float[] part = new float[to - from];
    System.arraycopy(values, from, part, 0, part.length);
    return part;
  }

  private float[] gaussian(int n) {
    float[] values = new float[n];
    for (int i = 0; i < n; i++) {
      values[i] = (float) random.nextGaussian();
    }
    return values;
  }

  private double[][] gaussianMatrix(int rows, int columns) {
    double[][] m = new double[rows][columns];
    for (double[] row : m) {
      for (int c = 0; c < columns; c++) {
        row[c] = random.nextGaussian();
      }
    }
    return m;
  }
}
