package org.edgetune.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * What a device computes: the frozen embedding module before the uplink and the task head after
 * the downlink. Holds no per-device state (the head is passed in), so one instance can serve every
 * device actor in the JVM; calls may run concurrently.
 */
public final class DeviceSide {

  private final FrozenBert base;
  private final EmbeddingModule embeddings;

  DeviceSide(FrozenBert base) {
    this.base = base;
    this.embeddings = new EmbeddingModule(base);
  }

  /** Embeds a token batch: the uplink payload, with the attention mask but no ids. */
  public EmbeddedBatch embed(TokenBatch tokens) {
    try (NDManager scope = base.newScope()) {
      NDArray x = embeddings.forward(scope, tokens);
      return new EmbeddedBatch(TensorPayload.fromNDArray(x), maskPayload(tokens));
    }
  }

  /**
   * Head forward, loss and backward on the features the server sent: the received tensor is a new
   * leaf, so its gradient is exactly what the server needs to continue back-propagation.
   */
  public HeadStep trainHead(TensorPayload features, int[] labels, ParameterState head) {
    try (NDManager scope = base.newScope()) {
      NDArray f = features.toNDArray(scope);
      f.setRequiresGradient(true);
      ParameterArrays h = ParameterArrays.trainable(scope, head);
      float loss = Autograd.collect(collector -> {
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
      NDArray logits = TaskModule.logits(features.toNDArray(scope), ParameterArrays.constant(scope, head));
      return new Prediction(features.shape()[0], (int) logits.getShape().get(1), logits.toFloatArray());
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
