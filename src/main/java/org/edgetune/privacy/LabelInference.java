package org.edgetune.privacy;

import java.util.Arrays;

/**
 * The server's label attacks.
 *
 * <p>From the feature gradient: with a linear head (W [C, d], b) under mean cross-entropy, the row
 * of example i is g_i = Wᵀ(p_i − y_i)/B. The server broadcast W, so it finds the coefficients a =
 * (p_i − y_i)/B by least squares, min ‖Wᵀa − g_i‖² subject to Σ_c a_c = 0 (which the true ones
 * satisfy; exact when W's rows are independent, and for noisy gradients the projection onto what a
 * gradient can be). Exactly one true coefficient is negative, the true class's (p_y − 1 &lt; 0 ≤
 * p_c): the attack names the smallest. For two classes this is the sign of g_i·(w_1 − w_0).
 *
 * <p>From the features: a nearest-class-centroid probe the server fits on features of labelled
 * public text it holds itself, then applies to the features it computed for a device's batch.
 */
public final class LabelInference {

  private LabelInference() {}

  /**
   * The label the gradient attack infers for each row of {@code gradient} [n, d], given the head's
   * weight {@code head} [C, d] the device trained with.
   */
  public static int[] fromFeatureGradient(float[] gradient, int n, float[] head, int classes) {
    int d = head.length / classes;
    if (gradient.length != n * d) {
      throw new IllegalArgumentException(
          n + " gradient rows of " + d + " need " + n * d + " values");
    }
    // KKT system of the constrained least squares: [W Wᵀ 1; 1ᵀ 0] [a; λ] = [W g; 0].
    double[][] kkt = new double[classes + 1][classes + 1];
    for (int c = 0; c < classes; c++) {
      for (int k = 0; k < classes; k++) {
        kkt[c][k] = dot(head, c * d, head, k * d, d);
      }
      kkt[c][classes] = 1;
      kkt[classes][c] = 1;
    }
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      double[] rhs = new double[classes + 1];
      for (int c = 0; c < classes; c++) {
        rhs[c] = dot(head, c * d, gradient, i * d, d);
      }
      double[] solution = solve(kkt, rhs);
      labels[i] = argMin(Arrays.copyOf(solution, classes));
    }
    return labels;
  }

  /**
   * Class centroids [C, d] of labelled features [n, d]; a class with no example gets NaN (never
   * nearest).
   */
  public static double[][] centroids(float[] features, int[] labels, int classes) {
    int d = features.length / labels.length;
    double[][] centroids = new double[classes][d];
    int[] counts = new int[classes];
    for (int i = 0; i < labels.length; i++) {
      counts[labels[i]]++;
      for (int j = 0; j < d; j++) {
        centroids[labels[i]][j] += features[i * d + j];
      }
    }
    for (int c = 0; c < classes; c++) {
      for (int j = 0; j < d; j++) {
        centroids[c][j] = counts[c] == 0 ? Double.NaN : centroids[c][j] / counts[c];
      }
    }
    return centroids;
  }

  /** The class of the nearest centroid (Euclidean) of each feature row. */
  public static int[] nearestCentroid(float[] features, int n, double[][] centroids) {
    int d = features.length / n;
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      double best = Double.POSITIVE_INFINITY;
      for (int c = 0; c < centroids.length; c++) {
        double distance = 0;
        for (int j = 0; j < d; j++) {
          double diff = features[i * d + j] - centroids[c][j];
          distance += diff * diff;
        }
        if (distance < best) {
          best = distance;
          labels[i] = c;
        }
      }
    }
    return labels;
  }

  private static double dot(float[] a, int aFrom, float[] b, int bFrom, int d) {
    double sum = 0;
    for (int j = 0; j < d; j++) {
      sum += (double) a[aFrom + j] * b[bFrom + j];
    }
    return sum;
  }

  /** Gaussian elimination with partial pivoting on a copy of the C × C system. */
  static double[] solve(double[][] matrix, double[] rhs) {
    int n = rhs.length;
    double[][] a = new double[n][];
    for (int i = 0; i < n; i++) {
      a[i] = new double[n + 1];
      System.arraycopy(matrix[i], 0, a[i], 0, n);
      a[i][n] = rhs[i];
    }
    for (int col = 0; col < n; col++) {
      int pivot = col;
      for (int row = col + 1; row < n; row++) {
        if (Math.abs(a[row][col]) > Math.abs(a[pivot][col])) {
          pivot = row;
        }
      }
      double[] t = a[col];
      a[col] = a[pivot];
      a[pivot] = t;
      for (int row = col + 1; row < n; row++) {
        double f = a[row][col] / a[col][col];
        for (int k = col; k <= n; k++) {
          a[row][k] -= f * a[col][k];
        }
      }
    }
    double[] x = new double[n];
    for (int row = n - 1; row >= 0; row--) {
      double sum = a[row][n];
      for (int k = row + 1; k < n; k++) {
        sum -= a[row][k] * x[k];
      }
      x[row] = sum / a[row][row];
    }
    return x;
  }

  private static int argMin(double[] values) {
    int best = 0;
    for (int i = 1; i < values.length; i++) {
      if (values[i] < values[best]) {
        best = i;
      }
    }
    return best;
  }
}
