package org.edgetune.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * What the edge server computes: the encoder with a given LoRA state, and pooling. Holds no adapter
 * state itself (each call takes the working copy to use), so per-device copies are plain {@link
 * ParameterState} values kept by the caller.
 */
public final class ServerSide {

  private final FrozenBert base;
  private final LoraEncoder encoder;
  private final ModelSettings settings;

  ServerSide(FrozenBert base, ModelSettings settings) {
    this.base = base;
    this.settings = settings;
    this.encoder = new LoraEncoder(base, settings.lora());
  }

  public CutPoint cut() {
    return settings.cut();
  }

  /**
   * Training forward: runs the server's encoder layers (from the cut on) on the uploaded
   * activations with {@code lora} and keeps the graph for {@link EncoderPass#backward}; at a deep
   * cut the upload is a leaf whose gradient goes back to the device. The caller owns (and must
   * close) the returned pass.
   *
   * @param dropoutKey key of the stream that draws the adapter dropout masks, e.g. {@code
   *     KeyedRandom.key(seed, StreamPurpose.LORA_DROPOUT, device, step)}; unused when dropout is 0
   */
  public EncoderPass forward(EmbeddedBatch batch, ParameterState lora, long dropoutKey) {
    NDManager scope = base.newScope();
    try {
      NDArray x = batch.embeddings().toNDArray(scope);
      CutPoint cut = settings.cut();
      if (cut.deep()) {
        x.setRequiresGradient(true);
      }
      NDArray mask = batch.attentionMask().toNDArray(scope);
      ParameterArrays adapters = ParameterArrays.trainable(scope, lora);
      LoraDropout dropout = LoraDropout.training(settings.lora().dropout(), dropoutKey);
      NDArray features =
          Autograd.collect(
              collector ->
                  TaskModule.pool(
                      encoder.forward(
                          x, mask, adapters, dropout, cut.deviceLayers(), base.dims().layers()),
                      mask,
                      settings.pooling()));
      return new EncoderPass(scope, adapters, features, cut.deep() ? x : null);
    } catch (RuntimeException e) {
      scope.close();
      throw e;
    }
  }

  /**
   * Inference forward of the server's encoder layers (from the cut on) on the uploaded activations
   * (the privacy audit): pooled features [b, d], no graph kept.
   */
  public TensorPayload features(EmbeddedBatch batch, ParameterState lora) {
    try (NDManager scope = base.newScope()) {
      NDArray mask = batch.attentionMask().toNDArray(scope);
      NDArray hidden =
          encoder.forward(
              batch.embeddings().toNDArray(scope),
              mask,
              ParameterArrays.constant(scope, lora),
              LoraDropout.NONE,
              settings.cut().deviceLayers(),
              base.dims().layers());
      return TensorPayload.fromNDArray(TaskModule.pool(hidden, mask, settings.pooling()));
    }
  }
}
