package org.edgetune.model;

import java.util.Map;

/**
 * Sizes of a BERT encoder, read from its weights' shapes (except the head count, which shapes
 * cannot tell: {@link OnnxBert} reads it from the graph or config.json).
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
    int layers,
    int hidden,
    int heads,
    int intermediate,
    int vocab,
    int maxPositions,
    int typeVocab) {

  public BertDims {
    if (hidden % heads != 0) {
      throw new IllegalArgumentException(
          "hidden " + hidden + " is not a multiple of heads " + heads);
    }
  }

  /**
   * The sizes read from the weights' shapes; {@code heads} comes from elsewhere (the graph or
   * config.json).
   */
  public static BertDims of(Map<String, FloatTensor> weights, int heads) {
    return of(weights, heads, "the model");
  }

  static BertDims of(Map<String, FloatTensor> weights, int heads, String origin) {
    long[] words = shape(weights, "embeddings.word_embeddings.weight", origin);
    int layers = layersOf(weights);
    if (layers == 0) {
      throw OnnxBert.refuse(origin, "has no BERT encoder layers among its weights");
    }
    return new BertDims(
        layers,
        (int) words[1],
        heads,
        (int) shape(weights, "encoder.layer.0.intermediate.dense.weight", origin)[0],
        (int) words[0],
        (int) shape(weights, "embeddings.position_embeddings.weight", origin)[0],
        (int) shape(weights, "embeddings.token_type_embeddings.weight", origin)[0]);
  }

  /** Number of consecutive {@code encoder.layer.N} query weights from N = 0. */
  static int layersOf(Map<String, FloatTensor> weights) {
    int layers = 0;
    while (weights.containsKey("encoder.layer." + layers + ".attention.self.query.weight")) {
      layers++;
    }
    return layers;
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

  static long[] shape(Map<String, FloatTensor> weights, String name, String origin) {
    FloatTensor t = weights.get(name);
    if (t == null) {
      throw OnnxBert.refuse(origin, "has no weight " + name + ": not a BERT encoder");
    }
    if (t.shape().length != 2) {
      throw OnnxBert.refuse(
          origin, "has weight " + name + " of rank " + t.shape().length + ", expected a matrix");
    }
    return t.shape();
  }
}
