package org.edgetune.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;
import org.edgetune.config.NamedChoice;

/**
 * The pre-trained encoders bundled with EdgeTune ({@code edgetune.model.name}), with the classpath
 * resources that hold their fp32 ONNX graph and tokenizer. Every size, the head count and the
 * LayerNorm epsilon are read from the graph ({@link OnnxBert}), as for a directory.
 */
public enum PretrainedModel implements ModelSource, NamedChoice {
  ALL_MINILM_L6_V2("all-minilm-l6-v2", "all-minilm-l6-v2.onnx", "all-minilm-l6-v2-tokenizer.json"),
  BGE_SMALL_EN_V15(
      "bge-small-en-v1.5", "bge-small-en-v1.5.onnx", "bge-small-en-v1.5-tokenizer.json");

  private final String configName;
  private final String onnxResource;
  private final String tokenizerResource;

  PretrainedModel(String configName, String onnxResource, String tokenizerResource) {
    this.configName = configName;
    this.onnxResource = onnxResource;
    this.tokenizerResource = tokenizerResource;
  }

  @Override
  public String configName() {
    return configName;
  }

  public String onnxResource() {
    return onnxResource;
  }

  public String tokenizerResource() {
    return tokenizerResource;
  }

  @Override
  public InputStream openOnnx() throws IOException {
    return resource(onnxResource);
  }

  @Override
  public String onnxOrigin() {
    return "classpath resource " + onnxResource;
  }

  @Override
  public InputStream openTokenizer() throws IOException {
    return resource(tokenizerResource);
  }

  @Override
  public Optional<Path> hfConfig() {
    return Optional.empty();
  }

  private static InputStream resource(String name) throws IOException {
    InputStream in = PretrainedModel.class.getClassLoader().getResourceAsStream(name);
    if (in == null) {
      throw new IOException("model resource " + name + " is not on the classpath");
    }
    return in;
  }
}
