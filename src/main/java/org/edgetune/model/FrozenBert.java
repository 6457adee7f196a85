package org.edgetune.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pre-trained BERT weights as engine arrays, frozen: nothing ever asks for their gradient and
 * nothing writes to them. Load one per JVM and share it: every device actor's embedding module and
 * the server's encoder read the same arrays.
 *
 * <p>Sharing across threads is safe because the arrays are only read, and because every operation
 * takes a per-call array as its first operand, so results attach to the caller's scope (from {@link
 * #newScope()}) and never to this long-lived manager.
 */
public final class FrozenBert implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(FrozenBert.class);
  private static final String ENGINE = "PyTorch";

  private final ModelSource model;
  private final BertDims dims;
  private final float layerNormEps;
  private final NDManager manager;
  private final Map<String, NDArray> weights;

  private FrozenBert(
      ModelSource model,
      BertDims dims,
      float layerNormEps,
      NDManager manager,
      Map<String, NDArray> weights) {
    this.model = model;
    this.dims = dims;
    this.layerNormEps = layerNormEps;
    this.manager = manager;
    this.weights = weights;
  }

  /**
   * Reads the model's ONNX file (1–2 s), checks that it is a BERT encoder EdgeTune runs ({@link
   * OnnxBert}) and copies its weights into the engine.
   */
  public static FrozenBert load(ModelSource model) {
    OnnxBert bert = OnnxBert.read(model);
    log.info("model {}: {}", model.configName(), String.join("; ", bert.provenance()));
    NDManager manager = NDManager.newBaseManager(Device.cpu(), ENGINE);
    Map<String, NDArray> weights = new HashMap<>();
    bert.weights()
        .forEach((name, t) -> weights.put(name, manager.create(t.values(), new Shape(t.shape()))));
    return new FrozenBert(model, bert.dims(), bert.layerNormEps(), manager, Map.copyOf(weights));
  }

  public ModelSource model() {
    return model;
  }

  public BertDims dims() {
    return dims;
  }

  /** Epsilon of every LayerNorm, as read from the graph (1e-12 for both bundled models). */
  float layerNormEps() {
    return layerNormEps;
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
}
