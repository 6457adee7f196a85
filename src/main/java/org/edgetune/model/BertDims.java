package org.edgetune.model;

import java.util.Map;

/**
 * Sizes of a BERT encoder, read from its weights (except the head count, which shapes cannot tell).
 *
 * @param layers number of transformer layers
 * @param hidden d, the width of every hidden state
 * @param heads attention heads per layer
 * @param intermediate FFN width
 * @param vocab WordPiece vocabulary size
 * @param maxPositions longest sequence the position embeddings cover
 * @param typeVocab number of token types
 */
public record BertDims(
    int layers, int hidden, int heads, int intermediate, int vocab, int maxPositions, int typeVocab) {

  public BertDims {
    if (hidden % heads != 0) {
      throw new IllegalArgumentException("hidden " + hidden + " is not a multiple of heads " + heads);
    }
  }

  public static BertDims of(Map<String, FloatTensor> weights, int heads) {
    long[] words = shape(weights, "embeddings.word_embeddings.weight");
    int layers = 0;
    while (weights.containsKey("encoder.layer." + layers + ".attention.self.query.weight")) {
      layers++;
    }
    if (layers == 0) {
      throw new IllegalArgumentException("no encoder layers among the weights");
    }
    return new BertDims(
        layers,
        (int) words[1],
        heads,
        (int) shape(weights, "encoder.layer.0.intermediate.dense.weight")[0],
        (int) words[0],
        (int) shape(weights, "embeddings.position_embeddings.weight")[0],
        (int) shape(weights, "embeddings.token_type_embeddings.weight")[0]);
  }

  public int headSize() {
    return hidden / heads;
  }

  /** Input and output width of a LoRA target's Linear layer. */
  public int inputs(LoraTarget target) {
    return target == LoraTarget.OUTPUT ? intermediate : hidden;
  }

  public int outputs(LoraTarget target) {
    return target == LoraTarget.INTERMEDIATE ? intermediate : hidden;
  }

  private static long[] shape(Map<String, FloatTensor> weights, String name) {
    FloatTensor t = weights.get(name);
    if (t == null) {
      throw new IllegalArgumentException("weight " + name + " is missing");
    }
    return t.shape();
  }
}
