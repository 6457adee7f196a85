package org.edgetune.model;

/**
 * What a device uploads for one mini-batch: the embedding module's output and the attention mask
 * the encoder needs (derived from the tokens, but neither ids, labels nor text).
 *
 * @param embeddings [b, L, d]
 * @param attentionMask [b, L], 1 for real tokens and 0 for padding
 */
public record EmbeddedBatch(TensorPayload embeddings, TensorPayload attentionMask) {

  public EmbeddedBatch {
    int[] e = embeddings.shape();
    int[] m = attentionMask.shape();
    if (e.length != 3 || m.length != 2 || e[0] != m[0] || e[1] != m[1]) {
      throw new IllegalArgumentException(
          "embeddings " + embeddings + " do not match mask " + attentionMask);
    }
  }

  public int batchSize() {
    return embeddings.shape()[0];
  }
}
