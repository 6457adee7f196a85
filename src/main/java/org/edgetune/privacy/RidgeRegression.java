package org.edgetune.privacy;

import java.util.Arrays;

/**
 * Ridge regression of targets y ∈ ℝ^m on inputs x ∈ ℝ^k with a bias, in double precision and plain
 * Java: the rows are never stored, only the sums the closed form needs. With X̃ = [X, 1] (the bias
 * column last), the fit is W = (X̃ᵀX̃ + λD)⁻¹ X̃ᵀY, D the identity with a 0 for the bias (the bias
 * is not shrunk), solved by Cholesky. λ must be positive: activations that end in a LayerNorm
 * satisfy an exact linear relation Σ_i (x_i − β_i)/γ_i = 0, so X̃ᵀX̃ alone is singular.
 */
public final class RidgeRegression {

  private RidgeRegression() {}

  /**
   * The sufficient statistics of a set of (x, y) rows: X̃ᵀX̃ (upper triangle, [k+1, k+1]), X̃ᵀY
   * ([k+1, m]), Σ‖y‖² and the row count. Mutable; {@link #add} it row block by row block.
   */
  public static final class Gram {

    private final int inputs;
    private final int outputs;
    private final double[][] xx;
    private final double[][] xy;
    private double yy;
    private long rows;

    public Gram(int inputs, int outputs) {
      if (inputs < 1 || outputs < 1) {
        throw new IllegalArgumentException(inputs + " inputs, " + outputs + " outputs");
      }
      this.inputs = inputs;
      this.outputs = outputs;
      this.xx = new double[inputs + 1][inputs + 1];
      this.xy = new double[inputs + 1][outputs];
    }

    public int inputs() {
      return inputs;
    }

    public int outputs() {
      return outputs;
    }

    public long rows() {
      return rows;
    }

    /** Adds {@code n} rows: inputs [n, k] and targets [n, m], row-major. */
    public void add(float[] x, float[] y, int n) {
      if (x.length != n * inputs || y.length != n * outputs) {
        throw new IllegalArgumentException(
            n
                + " rows need "
                + n * inputs
                + " inputs and "
                + n * outputs
                + " targets, got "
                + x.length
                + " and "
                + y.length);
      }
      double[] row = new double[inputs + 1];
      double[] target = new double[outputs];
      row[inputs] = 1;
      for (int r = 0; r < n; r++) {
        for (int j = 0; j < inputs; j++) {
          row[j] = x[r * inputs + j];
        }
        for (int j = 0; j < outputs; j++) {
          target[j] = y[r * outputs + j];
          yy += target[j] * target[j];
        }
        for (int j = 0; j <= inputs; j++) {
          double a = row[j];
          double[] xxRow = xx[j];
          for (int k = j; k <= inputs; k++) {
            xxRow[k] += a * row[k];
          }
          double[] xyRow = xy[j];
          for (int k = 0; k < outputs; k++) {
            xyRow[k] += a * target[k];
          }
        }
      }
      rows += n;
    }

    /** This and {@code other} together: the statistics of the union of their rows. */
    public Gram plus(Gram other) {
      if (other.inputs != inputs || other.outputs != outputs) {
        throw new IllegalArgumentException("Gram sizes differ");
      }
      Gram sum = new Gram(inputs, outputs);
      for (int j = 0; j <= inputs; j++) {
        for (int k = 0; k <= inputs; k++) {
          sum.xx[j][k] = xx[j][k] + other.xx[j][k];
        }
        for (int k = 0; k < outputs; k++) {
          sum.xy[j][k] = xy[j][k] + other.xy[j][k];
        }
      }
      sum.yy = yy + other.yy;
      sum.rows = rows + other.rows;
      return sum;
    }

    /** The mean squared input value: the scale a relative λ is measured against. */
    public double meanSquare() {
      double trace = 0;
      for (int j = 0; j < inputs; j++) {
        trace += xx[j][j];
      }
      return trace / ((double) rows * inputs);
    }

    /** Σ‖y − ȳ‖² over the rows (Σy is the bias row of X̃ᵀY). */
    public double targetVariance() {
      double squaredSum = 0;
      for (int c = 0; c < outputs; c++) {
        squaredSum += xy[inputs][c] * xy[inputs][c];
      }
      return yy - squaredSum / rows;
    }

    /** Σ‖x̃W − y‖² over the rows, from the statistics alone: tr(WᵀGW) − 2 tr(WᵀX̃ᵀY) + Σ‖y‖². */
    public double squaredError(LinearMap map) {
      double[][] w = map.weights();
      double quadratic = 0;
      double cross = 0;
      double[] gw = new double[outputs];
      for (int j = 0; j <= inputs; j++) {
        Arrays.fill(gw, 0);
        for (int k = 0; k <= inputs; k++) {
          double g = k >= j ? xx[j][k] : xx[k][j];
          double[] wk = w[k];
          for (int c = 0; c < outputs; c++) {
            gw[c] += g * wk[c];
          }
        }
        double[] wj = w[j];
        double[] xyj = xy[j];
        for (int c = 0; c < outputs; c++) {
          quadratic += wj[c] * gw[c];
          cross += wj[c] * xyj[c];
        }
      }
      return quadratic - 2 * cross + yy;
    }
  }

  /**
   * The ridge solution for the rows summed in {@code gram}, with penalty {@code lambda} on every
   * weight but the bias.
   *
   * @throws IllegalArgumentException for λ ≤ 0 or when the system is not positive definite (no
   *     rows)
   */
  public static LinearMap fit(Gram gram, double lambda) {
    if (!(lambda > 0)) {
      throw new IllegalArgumentException("ridge penalty must be positive, not " + lambda);
    }
    int size = gram.inputs + 1;
    double[][] a = new double[size][size];
    for (int j = 0; j < size; j++) {
      for (int k = j; k < size; k++) {
        a[j][k] = gram.xx[j][k];
        a[k][j] = gram.xx[j][k];
      }
      if (j < gram.inputs) {
        a[j][j] += lambda;
      }
    }
    return new LinearMap(Cholesky.solve(a, gram.xy));
  }

  /** A fitted affine map x ↦ [x, 1]W, W [k+1, m] (the bias row last). */
  public record LinearMap(double[][] weights) {

    public int inputs() {
      return weights.length - 1;
    }

    public int outputs() {
      return weights[0].length;
    }

    /** The map applied to {@code n} rows [n, k]: [n, m], in float. */
    public float[] apply(float[] x, int n) {
      int k = inputs();
      int m = outputs();
      if (x.length != n * k) {
        throw new IllegalArgumentException(n + " rows of " + k + " need " + n * k + " values");
      }
      float[] y = new float[n * m];
      double[] out = new double[m];
      for (int r = 0; r < n; r++) {
        System.arraycopy(weights[k], 0, out, 0, m);
        for (int j = 0; j < k; j++) {
          double a = x[r * k + j];
          double[] w = weights[j];
          for (int c = 0; c < m; c++) {
            out[c] += a * w[c];
          }
        }
        for (int c = 0; c < m; c++) {
          y[r * m + c] = (float) out[c];
        }
      }
      return y;
    }
  }

  /** Cholesky factorisation A = LLᵀ of a symmetric positive definite matrix, and its solves. */
  static final class Cholesky {

    private Cholesky() {}

    /**
     * X with AX = B for symmetric positive definite A [s, s] and B [s, m]; A and B are not changed.
     */
    static double[][] solve(double[][] a, double[][] b) {
      int s = a.length;
      double[][] l = new double[s][s];
      for (int j = 0; j < s; j++) {
        double diagonal = a[j][j];
        for (int k = 0; k < j; k++) {
          diagonal -= l[j][k] * l[j][k];
        }
        if (!(diagonal > 0)) {
          throw new IllegalArgumentException(
              "matrix is not positive definite (pivot " + j + " = " + diagonal + ")");
        }
        double root = Math.sqrt(diagonal);
        l[j][j] = root;
        for (int i = j + 1; i < s; i++) {
          double sum = a[i][j];
          double[] li = l[i];
          double[] lj = l[j];
          for (int k = 0; k < j; k++) {
            sum -= li[k] * lj[k];
          }
          li[j] = sum / root;
        }
      }
      int m = b[0].length;
      double[][] x = new double[s][];
      // Forward: L z = B, row by row over all right-hand sides at once.
      for (int i = 0; i < s; i++) {
        double[] row = b[i].clone();
        for (int k = 0; k < i; k++) {
          subtractScaled(row, l[i][k], x[k]);
        }
        divide(row, l[i][i]);
        x[i] = row;
      }
      // Backward: Lᵀ X = z.
      for (int i = s - 1; i >= 0; i--) {
        double[] row = x[i];
        for (int k = i + 1; k < s; k++) {
          subtractScaled(row, l[k][i], x[k]);
        }
        divide(row, l[i][i]);
      }
      return x;
    }

    /** row −= f · other, element by element. */
    private static void subtractScaled(double[] row, double f, double[] other) {
      for (int c = 0; c < row.length; c++) {
        row[c] -= f * other[c];
      }
    }

    private static void divide(double[] row, double d) {
      for (int c = 0; c < row.length; c++) {
        row[c] /= d;
      }
    }
  }
}
