package org.edgetune.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.edgetune.config.ConfigException;

/**
 * HF's {@code config.json} beside a model's graph: the head count when the graph does not hold it,
 * and a cross-check of everything else. It must describe a BERT ({@code model_type} bert) with
 * exact GELU and absolute positions, and every size it states must equal the one read from the
 * weights; keys it does not state are not checked.
 */
record HfConfig(Path file, JsonNode json) {

  static HfConfig read(Path file) {
    try {
      return new HfConfig(file, new ObjectMapper().readTree(file.toFile()));
    } catch (IOException e) {
      throw new ConfigException(
          "edgetune.model.path: " + file + " is not valid JSON (" + e.getMessage() + ")");
    }
  }

  int heads() {
    JsonNode n = json.get("num_attention_heads");
    if (n == null || !n.canConvertToInt()) {
      throw fail("states no num_attention_heads, and the graph holds no constant head count");
    }
    return n.asInt();
  }

  Optional<Double> layerNormEps() {
    JsonNode n = json.get("layer_norm_eps");
    return n != null && n.isNumber() ? Optional.of(n.asDouble()) : Optional.empty();
  }

  /** Refuses a config.json that names another architecture or sizes other than the files'. */
  void check(BertDims dims, float eps) {
    expectText("model_type", "bert", "only BERT encoders are supported");
    expectText("hidden_act", "gelu", "only the exact (erf) GELU is supported");
    expectText(
        "position_embedding_type", "absolute", "only absolute position embeddings are supported");
    expectSize("num_hidden_layers", dims.layers());
    expectSize("hidden_size", dims.hidden());
    expectSize("num_attention_heads", dims.heads());
    expectSize("intermediate_size", dims.intermediate());
    expectSize("vocab_size", dims.vocab());
    expectSize("max_position_embeddings", dims.maxPositions());
    expectSize("type_vocab_size", dims.typeVocab());
    Optional<Double> stated = layerNormEps();
    if (stated.isPresent() && Math.abs(stated.get() - eps) > 1e-6 * Math.abs(stated.get())) {
      throw fail("states layer_norm_eps = " + stated.get() + " but the graph uses " + eps);
    }
  }

  private void expectText(String key, String expected, String why) {
    JsonNode n = json.get(key);
    if (n != null && !n.asText().equals(expected)) {
      throw fail("states " + key + " = \"" + n.asText() + "\"; " + why);
    }
  }

  private void expectSize(String key, int fromFiles) {
    JsonNode n = json.get(key);
    if (n != null && n.asInt() != fromFiles) {
      throw fail("states " + key + " = " + n.asText() + " but the ONNX graph has " + fromFiles);
    }
  }

  private ConfigException fail(String why) {
    return new ConfigException("edgetune.model.path: " + file + " " + why);
  }
}
