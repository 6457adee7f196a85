package org.edgetune.train;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.edgetune.model.EmbeddedBatch;
import org.edgetune.model.EncoderPass;
import org.edgetune.model.ParameterState;
import org.edgetune.model.TensorPayload;

/**
 * One encoder pass over every scheduled device's upload of a τ = 1 round. All devices start from
 * the same θ_t, so their rows can share a pass; and because the FedAvg of one-step working copies
 * is θ_t − lr · Σ_k (w_k/W) g_k, a single backward with each device's feature gradient scaled by
 * its weight w_k/W gives the aggregated gradient directly.
 */
final class BatchedRound implements AutoCloseable {

  private record Rows(int from, int count) {}

  private final EncoderPass pass;
  private final Map<Integer, Rows> rows;
  private final int hidden;
  private final int totalRows;
  private final Map<Integer, TensorPayload> gradients = new TreeMap<>();

  private BatchedRound(EncoderPass pass, Map<Integer, Rows> rows, int hidden, int totalRows) {
    this.pass = pass;
    this.rows = rows;
    this.hidden = hidden;
    this.totalRows = totalRows;
  }

  /** Concatenates the uploads in device order; every upload must have the same L and d. */
  static EmbeddedBatch concatenate(SortedMap<Integer, EmbeddedBatch> uploads) {
    int[] first = uploads.get(uploads.firstKey()).embeddings().shape();
    int length = first[1];
    int hidden = first[2];
    int total = 0;
    for (EmbeddedBatch b : uploads.values()) {
      int[] s = b.embeddings().shape();
      if (s[1] != length || s[2] != hidden) {
        throw new IllegalArgumentException(
            "batched encoder pass needs equal L and d; got " + b.embeddings());
      }
      total += s[0];
    }
    float[] x = new float[total * length * hidden];
    float[] mask = new float[total * length];
    int row = 0;
    for (EmbeddedBatch b : uploads.values()) {
      float[] e = b.embeddings().toFloats();
      float[] m = b.attentionMask().toFloats();
      System.arraycopy(e, 0, x, row * length * hidden, e.length);
      System.arraycopy(m, 0, mask, row * length, m.length);
      row += b.batchSize();
    }
    return new EmbeddedBatch(
        TensorPayload.of(x, total, length, hidden), TensorPayload.of(mask, total, length));
  }

  static BatchedRound open(SortedMap<Integer, EmbeddedBatch> uploads, EncoderPass pass) {
    Map<Integer, Rows> rows = new LinkedHashMap<>();
    int from = 0;
    for (var entry : uploads.entrySet()) {
      rows.put(entry.getKey(), new Rows(from, entry.getValue().batchSize()));
      from += entry.getValue().batchSize();
    }
    return new BatchedRound(pass, rows, pass.features().shape()[1], from);
  }

  /** Each device's pooled features [b_k, d], cut from the pass's output. */
  Map<Integer, TensorPayload> features() {
    float[] all = pass.features().toFloats();
    Map<Integer, TensorPayload> out = new LinkedHashMap<>();
    rows.forEach(
        (device, r) -> {
          float[] f = new float[r.count() * hidden];
          System.arraycopy(all, r.from() * hidden, f, 0, f.length);
          out.put(device, TensorPayload.of(f, r.count(), hidden));
        });
    return out;
  }

  boolean covers(int device) {
    return rows.containsKey(device);
  }

  void gradientReceived(int device, TensorPayload gradient) {
    Rows r = rows.get(device);
    if (r == null || gradient.elementCount() != r.count() * hidden) {
      throw new IllegalArgumentException(
          "device " + device + " sent a feature gradient that fits no rows of the pass");
    }
    gradients.put(device, gradient);
  }

  boolean hasGradient(int device) {
    return gradients.containsKey(device);
  }

  /** Σ_k (w_k/W) g_k over the given weights (devices without a gradient must not be among them). */
  ParameterState weightedGradient(SortedMap<Integer, Double> weights) {
    double total = weights.values().stream().mapToDouble(Double::doubleValue).sum();
    float[] upstream = new float[totalRows * hidden];
    weights.forEach(
        (device, w) -> {
          Rows r = rows.get(device);
          float[] g = gradients.get(device).toFloats();
          double share = w / total;
          for (int i = 0; i < g.length; i++) {
            upstream[r.from() * hidden + i] = (float) (share * g[i]);
          }
        });
    return pass.backward(TensorPayload.of(upstream, totalRows, hidden));
  }

  @Override
  public void close() {
    pass.close();
  }
}
