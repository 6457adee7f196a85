package org.edgetune.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;

/**
 * The encoder that runs on the server: post-LN BERT layers with exact (erf) GELU and an additive
 * attention mask, plus LoRA adapters {@code y = W0 x + (alpha/r) · B(A x)} on the configured Linear
 * layers. The frozen weights come from the shared {@link FrozenBert}; the adapters are passed per
 * call, so one encoder serves every device's working copy.
 */
final class LoraEncoder {

  /** exp(-1e4) is 0 in float32: padded keys get no attention, without the overflow of -inf. */
  private static final float MASKED = 1e4f;

  private final FrozenBert base;
  private final LoraSettings lora;

  LoraEncoder(FrozenBert base, LoraSettings lora) {
    this.base = base;
    this.lora = lora;
  }

  /**
   * Last hidden states [b, L, d] of {@code embeddings} [b, L, d] under {@code mask} [b, L] (1 real,
   * 0 padding). {@code adapters} may be empty (the pre-trained model) or hold any subset of
   * modules.
   */
  NDArray forward(NDArray embeddings, NDArray mask, ParameterArrays adapters, LoraDropout dropout) {
    return forward(embeddings, mask, adapters, dropout, 0, base.dims().layers());
  }

  /**
   * The hidden states after layer {@code to} - 1 of {@code input}, the hidden states entering layer
   * {@code from} (the embeddings when it is 0): runs layers from..to-1, for the two sides of a cut.
   */
  NDArray forward(
      NDArray input,
      NDArray mask,
      ParameterArrays adapters,
      LoraDropout dropout,
      int from,
      int to) {
    BertDims dims = base.dims();
    if (from < 0 || from > to || to > dims.layers()) {
      throw new IllegalArgumentException(
          "layers " + from + ".." + (to - 1) + " outside 0.." + (dims.layers() - 1));
    }
    long b = input.getShape().get(0);
    long len = input.getShape().get(1);
    NDArray additiveMask = mask.sub(1).mul(MASKED).reshape(b, 1, 1, len);
    // Scalars that take part in the recorded graph are arrays of the call's scope, never Java
    // numbers: DJL turns a number into a temporary tensor over a direct buffer and closes it after
    // the op, while autograd keeps that tensor for backward. Once the garbage collector frees the
    // buffer, backward reads freed memory (gradients of 1e32 or NaN after a GC between forward and
    // backward; SplitLoraModelTest reproduces it).
    NDManager scope = input.getManager();
    NDArray inverseScale = scope.create(1f / (float) Math.sqrt(dims.headSize()));
    NDArray loraScale = scope.create(lora.scale());
    NDArray x = input;
    for (int layer = from; layer < to; layer++) {
      String prefix = "encoder.layer." + layer + ".";
      Shape heads = new Shape(b, len, dims.heads(), dims.headSize());
      NDArray q =
          linear(x, LoraTarget.QUERY.module(layer), adapters, dropout, loraScale)
              .reshape(heads)
              .transpose(0, 2, 1, 3);
      NDArray kT =
          linear(x, LoraTarget.KEY.module(layer), adapters, dropout, loraScale)
              .reshape(heads)
              .transpose(0, 2, 3, 1);
      NDArray v =
          linear(x, LoraTarget.VALUE.module(layer), adapters, dropout, loraScale)
              .reshape(heads)
              .transpose(0, 2, 1, 3);
      NDArray probs = q.matMul(kT).mul(inverseScale).add(additiveMask).softmax(-1);
      NDArray context = probs.matMul(v).transpose(0, 2, 1, 3).reshape(b, len, dims.hidden());
      NDArray attention =
          layerNorm(
              linear(
                      context,
                      LoraTarget.ATTENTION_OUTPUT.module(layer),
                      adapters,
                      dropout,
                      loraScale)
                  .add(x),
              prefix + "attention.output.LayerNorm");
      NDArray inner =
          Activation.gelu(
              linear(
                  attention, LoraTarget.INTERMEDIATE.module(layer), adapters, dropout, loraScale));
      x =
          layerNorm(
              linear(inner, LoraTarget.OUTPUT.module(layer), adapters, dropout, loraScale)
                  .add(attention),
              prefix + "output.LayerNorm");
    }
    return x;
  }

  private NDArray linear(
      NDArray x, String module, ParameterArrays adapters, LoraDropout dropout, NDArray loraScale) {
    NDArray y =
        x.getNDArrayInternal()
            .linear(x, base.weight(module + ".weight"), base.weight(module + ".bias"))
            .singletonOrThrow();
    String a = LoraAdapters.a(module);
    if (!adapters.has(a)) {
      return y;
    }
    NDArray update =
        dropout
            .apply(x)
            .matMul(adapters.get(a).transpose())
            .matMul(adapters.get(LoraAdapters.b(module)).transpose());
    return y.add(update.mul(loraScale));
  }

  private NDArray layerNorm(NDArray x, String module) {
    return x.getNDArrayInternal()
        .layerNorm(
            x,
            new Shape(base.dims().hidden()),
            base.weight(module + ".weight"),
            base.weight(module + ".bias"),
            base.layerNormEps())
        .singletonOrThrow();
  }
}
