package org.edgetune.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The pre-trained BERT weights as engine arrays, frozen: nothing ever asks for their gradient and
 * nothing writes to them. Load one per JVM and share it: every device actor's embedding module
 * and the server's encoder read the same arrays.
 *
 * <p>Sharing across threads is safe because the arrays are only read, and because every operation
 * takes a per-call array as its first operand, so results attach to the caller's scope (from
 * {@link #newScope()}) and never to this long-lived manager.
 */
public final class FrozenBert implements AutoCloseable {

  private static final String ENGINE = "PyTorch";

  private final PretrainedModel model;
  private final BertDims dims;
  private final NDManager manager;
  private final Map<String, NDArray> weights;

  private FrozenBert(PretrainedModel model, BertDims dims, NDManager manager, Map<String, NDArray> weights) {
    this.model = model;
    this.dims = dims;
    this.manager = manager;
    this.weights = weights;
  }

  /** Reads the model's ONNX file from the classpath (1–2 s) and copies its weights into the engine. */
  public static FrozenBert load(PretrainedModel model) {
    Map<String, FloatTensor> host = OnnxWeights.read(model);
    BertDims dims = BertDims.of(host, model.heads());
    checkNames(host, dims);
    NDManager manager = NDManager.newBaseManager(Device.cpu(), ENGINE);
    Map<String, NDArray> weights = new HashMap<>();
    host.forEach((name, t) -> weights.put(name, manager.create(t.values(), new Shape(t.shape()))));
    return new FrozenBert(model, dims, manager, Map.copyOf(weights));
  }

  public PretrainedModel model() {
    return model;
  }

  public BertDims dims() {
    return dims;
  }

  NDArray weight(String name) {
    NDArray w = weights.get(name);
    if (w == null) {
      throw new IllegalArgumentException("no weight " + name);
    }
    return w;
  }

  /** A scope for one call's arrays; close it when the call's results have been copied out. */
  public NDManager newScope() {
    return manager.newSubManager();
  }

  /** Arrays held by this model and by open scopes: constant between calls unless a scope leaks. */
  public int liveArrays() {
    return manager.getManagedArrays().size();
  }

  @Override
  public void close() {
    manager.close();
  }

  private static void checkNames(Map<String, FloatTensor> host, BertDims dims) {
    List<String> expected = new ArrayList<>(List.of(
        "embeddings.word_embeddings.weight",
        "embeddings.position_embeddings.weight",
        "embeddings.token_type_embeddings.weight",
        "embeddings.LayerNorm.weight",
        "embeddings.LayerNorm.bias"));
    for (int layer = 0; layer < dims.layers(); layer++) {
      for (LoraTarget t : LoraTarget.values()) {
        expected.add(t.module(layer) + ".weight");
        expected.add(t.module(layer) + ".bias");
      }
      expected.add("encoder.layer." + layer + ".attention.output.LayerNorm.weight");
      expected.add("encoder.layer." + layer + ".attention.output.LayerNorm.bias");
      expected.add("encoder.layer." + layer + ".output.LayerNorm.weight");
      expected.add("encoder.layer." + layer + ".output.LayerNorm.bias");
    }
    List<String> missing = expected.stream().filter(n -> !host.containsKey(n)).toList();
    if (!missing.isEmpty() || host.size() != expected.size()) {
      throw new IllegalArgumentException(
          "unexpected BERT weights: missing " + missing + ", " + host.size() + " present, "
              + expected.size() + " expected");
    }
  }
}
