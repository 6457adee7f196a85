package org.edgetune.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;

/**
 * The frozen embedding module that runs on a device: word + token-type + position embeddings, then
 * LayerNorm (the model's eps), in the order HF's BertEmbeddings adds them.
 */
final class EmbeddingModule {

  private final FrozenBert base;

  EmbeddingModule(FrozenBert base) {
    this.base = base;
  }

  /** [b, L, d] embeddings in {@code scope}. */
  NDArray forward(NDManager scope, TokenBatch tokens) {
    int maxPositions = base.dims().maxPositions();
    if (tokens.length() > maxPositions) {
      throw new IllegalArgumentException(
          "sequence length "
              + tokens.length()
              + " exceeds the model's "
              + maxPositions
              + " positions");
    }
    Shape shape = new Shape(tokens.batchSize(), tokens.length());
    NDArray ids = scope.create(tokens.ids(), shape);
    NDArray types = scope.create(tokens.typeIds(), shape);
    NDArray positions = scope.arange(0, tokens.length(), 1, DataType.INT64);
    NDArray x =
        lookup(ids, "embeddings.word_embeddings.weight")
            .add(lookup(types, "embeddings.token_type_embeddings.weight"))
            .add(lookup(positions, "embeddings.position_embeddings.weight"));
    return x.getNDArrayInternal()
        .layerNorm(
            x,
            new Shape(base.dims().hidden()),
            base.weight("embeddings.LayerNorm.weight"),
            base.weight("embeddings.LayerNorm.bias"),
            base.layerNormEps())
        .singletonOrThrow();
  }

  private NDArray lookup(NDArray indices, String table) {
    return indices
        .getNDArrayInternal()
        .embedding(indices, base.weight(table), SparseFormat.DENSE)
        .singletonOrThrow();
  }
}
