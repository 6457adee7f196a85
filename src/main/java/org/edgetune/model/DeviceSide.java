package org.edgetune.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * What a device computes: the frozen embedding module (and, at a deep {@link CutPoint}, the first
 * encoder layers with their adapters) before the uplink, and the task head after the downlink.
 * Holds no per-device state (the device's head and adapters are passed in), so one instance can
 * serve every device actor in the JVM; calls may run concurrently.
 */
public final class DeviceSide {

  private final FrozenBert base;
  private final EmbeddingModule embeddings;
  private final LoraEncoder encoder;
  private final ModelSettings settings;

  DeviceSide(FrozenBert base, ModelSettings settings) {
    this.base = base;
    this.embeddings = new EmbeddingModule(base);
    this.encoder = new LoraEncoder(base, settings.lora());
    this.settings = settings;
  }

  public CutPoint cut() {
    return settings.cut();
  }

  /** Embeds a token batch: the uplink payload, with the attention mask but no ids. */
  public EmbeddedBatch embed(TokenBatch tokens) {
    try (NDManager scope = base.newScope()) {
      NDArray x = embeddings.forward(scope, tokens);
      return new EmbeddedBatch(TensorPayload.fromNDArray(x), maskPayload(tokens));
    }
  }

  /**
   * At a deep cut: embeds the batch and runs the device's encoder layers with the adapters of
   * {@code deviceState} (those of other layers are ignored), keeping the graph for {@link
   * DevicePass#backward}. The caller owns (and must close) the returned pass.
   *
   * @param dropoutKey key of the stream of the device layers' adapter dropout masks (unused at 0)
   */
  public DevicePass forward(TokenBatch tokens, ParameterState deviceState, long dropoutKey) {
    CutPoint cut = settings.cut();
    if (!cut.deep()) {
      throw new IllegalStateException("no encoder layer runs on the device at " + cut);
    }
    NDManager scope = base.newScope();
    try {
      NDArray x = embeddings.forward(scope, tokens);
      TensorPayload maskPayload = maskPayload(tokens);
      NDArray mask = maskPayload.toNDArray(scope);
      ParameterArrays adapters = ParameterArrays.trainable(scope, cut.deviceAdapters(deviceState));
      LoraDropout dropout = LoraDropout.training(settings.lora().dropout(), dropoutKey);
      NDArray activations =
          Autograd.collect(
              collector -> encoder.forward(x, mask, adapters, dropout, 0, cut.deviceLayers()));
      return new DevicePass(scope, adapters, activations, maskPayload);
    } catch (RuntimeException e) {
      scope.close();
      throw e;
    }
  }

  /**
   * At a deep cut: the layer-n activations that {@link #forward} uploads, computed for inference
   * (no graph, no adapter dropout) — what the server computes for text of its own, holding the
   * public weights and the device layers' adapters it aggregates.
   */
  public EmbeddedBatch activations(TokenBatch tokens, ParameterState deviceState) {
    CutPoint cut = settings.cut();
    if (!cut.deep()) {
      throw new IllegalStateException("no encoder layer runs on the device at " + cut);
    }
    try (NDManager scope = base.newScope()) {
      TensorPayload maskPayload = maskPayload(tokens);
      NDArray activations =
          encoder.forward(
              embeddings.forward(scope, tokens),
              maskPayload.toNDArray(scope),
              ParameterArrays.constant(scope, cut.deviceAdapters(deviceState)),
              LoraDropout.NONE,
              0,
              cut.deviceLayers());
      return new EmbeddedBatch(TensorPayload.fromNDArray(activations), maskPayload);
    }
  }

  /**
   * Head forward, loss and backward on the features the server sent: the received tensor is a new
   * leaf, so its gradient is exactly what the server needs to continue back-propagation. Only the
   * classifier of {@code deviceState} takes part; the head gradient names only its parameters.
   */
  public HeadStep trainHead(TensorPayload features, int[] labels, ParameterState deviceState) {
    try (NDManager scope = base.newScope()) {
      NDArray f = features.toNDArray(scope);
      f.setRequiresGradient(true);
      ParameterArrays h = ParameterArrays.trainable(scope, TaskModule.classifier(deviceState));
      float loss =
          Autograd.collect(
              collector -> {
                NDArray l = TaskModule.loss(TaskModule.logits(f, h), labels);
                collector.backward(l);
                return l.getFloat();
              });
      TensorPayload featureGradient = TensorPayload.fromNDArray(f.getGradient());
      ParameterArrays.requireFinite(featureGradient.toFloats(), "the features");
      return new HeadStep(loss, featureGradient, h.gradients());
    }
  }

  public Prediction predict(TensorPayload features, ParameterState head) {
    try (NDManager scope = base.newScope()) {
      NDArray logits =
          TaskModule.logits(
              features.toNDArray(scope),
              ParameterArrays.constant(scope, TaskModule.classifier(head)));
      return new Prediction(
          features.shape()[0], (int) logits.getShape().get(1), logits.toFloatArray());
    }
  }

  static TensorPayload maskPayload(TokenBatch tokens) {
    long[] mask = tokens.attentionMask();
    float[] values = new float[mask.length];
    for (int i = 0; i < mask.length; i++) {
      values[i] = mask[i];
    }
    return TensorPayload.of(values, tokens.batchSize(), tokens.length());
  }
}
