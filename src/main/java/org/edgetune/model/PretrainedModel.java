package org.edgetune.model;

/**
 * The pre-trained encoders EdgeTune can fine-tune, with the classpath resources that hold their
 * fp32 ONNX graph and tokenizer. Layer count, hidden size, FFN size and vocabulary are read from
 * the weights; only the head count is not recoverable from tensor shapes, so it is listed here.
 */
public enum PretrainedModel {
  ALL_MINILM_L6_V2("all-minilm-l6-v2", "all-minilm-l6-v2.onnx", "all-minilm-l6-v2-tokenizer.json", 12),
  BGE_SMALL_EN_V15(
      "bge-small-en-v1.5", "bge-small-en-v1.5.onnx", "bge-small-en-v1.5-tokenizer.json", 12);

  private final String configName;
  private final String onnxResource;
  private final String tokenizerResource;
  private final int heads;

  PretrainedModel(String configName, String onnxResource, String tokenizerResource, int heads) {
    this.configName = configName;
    this.onnxResource = onnxResource;
    this.tokenizerResource = tokenizerResource;
    this.heads = heads;
  }

  public String configName() {
    return configName;
  }

  public String onnxResource() {
    return onnxResource;
  }

  public String tokenizerResource() {
    return tokenizerResource;
  }

  public int heads() {
    return heads;
  }
}
