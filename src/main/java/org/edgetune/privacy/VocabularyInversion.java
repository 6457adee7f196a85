package org.edgetune.privacy;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Map;
import java.util.stream.IntStream;
import org.edgetune.model.FloatTensor;
import org.edgetune.model.ModelSource;
import org.edgetune.model.OnnxWeights;

/**
 * The server's token-recovery attack on the embedding-only cut: the embedding module is public and
 * frozen, so for every position p the server can compute LayerNorm(word[v] + position[p] + type[0])
 * for all v of the vocabulary and match each received row to its nearest candidate (Euclidean).
 *
 * <p>The candidate tables are built here from the ONNX initializers with plain Java arithmetic (in
 * double), not by the device's embedding code, so the attack is a second implementation of the
 * embedding module: when it recovers the tokens, the device's bytes really are the embedding of
 * those tokens. Only the nearest-neighbour search, a [n, d] × [d, V] product, runs on the engine.
 */
public final class VocabularyInversion implements TokenInversion, AutoCloseable {

  private static final String ENGINE = "PyTorch";
  private static final double LAYER_NORM_EPS = 1e-12;

  private final float[] word;
  private final float[] position;
  private final float[] type0;
  private final float[] gamma;
  private final float[] beta;
  private final int vocabulary;
  private final int hidden;
  private final int positions;
  private final NDManager root = NDManager.newBaseManager(Device.cpu(), ENGINE);
  private NDManager positionManager;
  private int cachedPosition = -1;
  private NDArray[] cachedTable;

  VocabularyInversion(Map<String, FloatTensor> weights) {
    FloatTensor w = require(weights, "embeddings.word_embeddings.weight");
    FloatTensor p = require(weights, "embeddings.position_embeddings.weight");
    this.word = w.values();
    this.position = p.values();
    this.type0 = require(weights, "embeddings.token_type_embeddings.weight").values();
    this.gamma = require(weights, "embeddings.LayerNorm.weight").values();
    this.beta = require(weights, "embeddings.LayerNorm.bias").values();
    this.vocabulary = (int) w.shape()[0];
    this.hidden = (int) w.shape()[1];
    this.positions = (int) p.shape()[0];
  }

  /** Reads the public embedding weights of the model from its ONNX file. */
  public static VocabularyInversion of(ModelSource model) {
    return new VocabularyInversion(OnnxWeights.read(model));
  }

  public int vocabulary() {
    return vocabulary;
  }

  public int hidden() {
    return hidden;
  }

  public int positions() {
    return positions;
  }

  /**
   * [V, d]: the embedding of every vocabulary token at position {@code p} (token type 0), token by
   * token in parallel (each row is computed on its own, so the table does not depend on the
   * threads).
   */
  float[] candidates(int p) {
    requirePosition(p);
    float[] table = new float[vocabulary * hidden];
    int chunk = 1024;
    IntStream.range(0, (vocabulary + chunk - 1) / chunk)
        .parallel()
        .forEach(
            c -> {
              double[] e = new double[hidden];
              for (int v = c * chunk; v < Math.min(vocabulary, (c + 1) * chunk); v++) {
                embed(v, p, e, table, v * hidden);
              }
            });
    return table;
  }

  /**
   * Position {@code p}'s candidates on the engine, with half their squared norms: the last
   * position's are kept (in their own manager, freed when the position changes or on {@link
   * #close}), so attacks that go position by position build each table once.
   */
  private synchronized NDArray[] table(int p) {
    if (p != cachedPosition) {
      if (positionManager != null) {
        positionManager.close();
      }
      positionManager = root.newSubManager();
      NDArray c = positionManager.create(candidates(p), new Shape(vocabulary, hidden));
      cachedTable = new NDArray[] {c, c.square().sum(new int[] {1}).div(2)};
      cachedPosition = p;
    }
    return cachedTable;
  }

  /** Frees the engine memory of the kept position's candidates. */
  @Override
  public synchronized void close() {
    if (positionManager != null) {
      positionManager.close();
      positionManager = null;
    }
    cachedPosition = -1;
    cachedTable = null;
    root.close();
  }

  /**
   * The embedding of token {@code id} at position {@code p} (token type 0), written to {@code out}
   * from {@code at}: the row the device uploads at the embedding-only cut, and the learned
   * inversion's regression target.
   */
  public void embedding(int id, int p, float[] out, int at) {
    requirePosition(p);
    if (id < 0 || id >= vocabulary) {
      throw new IllegalArgumentException("token id " + id + " outside 0.." + (vocabulary - 1));
    }
    embed(id, p, new double[hidden], out, at);
  }

  private void embed(int v, int p, double[] e, float[] out, int at) {
    double mean = 0;
    for (int i = 0; i < hidden; i++) {
      e[i] = (double) word[v * hidden + i] + position[p * hidden + i] + type0[i];
      mean += e[i];
    }
    mean /= hidden;
    double variance = 0;
    for (int i = 0; i < hidden; i++) {
      variance += (e[i] - mean) * (e[i] - mean);
    }
    double scale = 1 / Math.sqrt(variance / hidden + LAYER_NORM_EPS);
    for (int i = 0; i < hidden; i++) {
      out[at + i] = (float) ((e[i] - mean) * scale * gamma[i] + beta[i]);
    }
  }

  private void requirePosition(int p) {
    if (p < 0 || p >= positions) {
      throw new IllegalArgumentException("position " + p + " outside 0.." + (positions - 1));
    }
  }

  /**
   * The nearest vocabulary id of each of {@code n} rows [n, d] that the server received at position
   * {@code p}: argmin_v ‖x − c_v‖² = argmax_v (x·c_v − ‖c_v‖²/2).
   */
  @Override
  public int[] invert(int p, float[] rows, int n) {
    if (rows.length != n * hidden) {
      throw new IllegalArgumentException(
          n + " rows of " + hidden + " need " + n * hidden + " values, got " + rows.length);
    }
    if (n == 0) {
      return new int[0];
    }
    NDArray[] table = table(p);
    try (NDManager manager = root.newSubManager()) {
      return nearest(table[0], table[1], manager.create(rows, new Shape(n, hidden)), n);
    }
  }

  /**
   * As {@link #invert}, with every candidate first sent through the affine {@code map} from
   * embeddings to the received rows' space ([d] → [m]): the nearest of the mapped candidates.
   */
  public int[] invertMapped(int p, float[] rows, int n, RidgeRegression.LinearMap map) {
    int m = map.outputs();
    if (map.inputs() != hidden || rows.length != n * m) {
      throw new IllegalArgumentException(
          n + " rows of " + m + " and a map from " + map.inputs() + " do not fit d = " + hidden);
    }
    if (n == 0) {
      return new int[0];
    }
    float[] weight = new float[hidden * m];
    float[] bias = new float[m];
    for (int j = 0; j < hidden; j++) {
      for (int c = 0; c < m; c++) {
        weight[j * m + c] = (float) map.weights()[j][c];
      }
    }
    for (int c = 0; c < m; c++) {
      bias[c] = (float) map.weights()[hidden][c];
    }
    NDArray candidates = table(p)[0];
    try (NDManager manager = root.newSubManager()) {
      NDArray c =
          manager
              .create(weight, new Shape(hidden, m))
              .transpose()
              .matMul(candidates.transpose())
              .transpose()
              .add(manager.create(bias, new Shape(1, m)));
      return nearest(
          c, c.square().sum(new int[] {1}).div(2), manager.create(rows, new Shape(n, m)), n);
    }
  }

  /**
   * argmin_v ‖x − c_v‖² = argmax_v (x·c_v − ‖c_v‖²/2) for each of the n rows of x; {@code
   * halfNorms} is ‖c_v‖²/2.
   */
  private static int[] nearest(NDArray c, NDArray halfNorms, NDArray x, int n) {
    NDArray scores = x.matMul(c.transpose()).sub(halfNorms);
    long[] nearest = scores.argMax(1).toLongArray();
    int[] ids = new int[n];
    for (int i = 0; i < n; i++) {
      ids[i] = Math.toIntExact(nearest[i]);
    }
    return ids;
  }

  private static FloatTensor require(Map<String, FloatTensor> weights, String name) {
    FloatTensor t = weights.get(name);
    if (t == null) {
      throw new IllegalArgumentException("the model has no " + name);
    }
    return t;
  }
}
