package org.edgetune.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.edgetune.config.ConfigException;
import org.edgetune.model.onnx.OnnxProto.GraphProto;
import org.edgetune.model.onnx.OnnxProto.ModelProto;

/**
 * A BERT encoder read from its files, by one route for bundled models and user directories.
 *
 * <p>Where each number comes from: layers (count of {@code encoder.layer.N} weights), hidden size
 * and vocabulary (the word-embedding matrix [vocab, d]), intermediate size (the FFN weight [I, d]),
 * positions and token types (their embedding matrices) from the ONNX initializers' shapes; the head
 * count from the attention Reshape constants, else from {@code config.json}; the LayerNorm epsilon
 * from the graph, else from {@code config.json}. When {@code config.json} is present every size it
 * states must agree with the files ({@link HfConfig}). Every refusal is a {@link ConfigException}
 * naming {@code edgetune.model.path} and the file: bad input, exit code 2.
 *
 * @param weights the weights under HF names, [out, in] for Linear layers
 * @param dims the encoder's sizes
 * @param layerNormEps epsilon of every LayerNorm
 * @param provenance where each number was read, for the log and for messages
 */
public record OnnxBert(
    Map<String, FloatTensor> weights, BertDims dims, float layerNormEps, List<String> provenance) {

  /**
   * Reads and checks the model's ONNX graph, its config.json if any and its tokenizer's vocabulary.
   */
  public static OnnxBert read(ModelSource source) {
    String origin = source.onnxOrigin();
    GraphProto graph = parse(source, origin);
    if (graph.getNodeCount() == 0 || graph.getInitializerCount() == 0) {
      throw refuse(origin, "holds no graph with nodes and weights; is it an ONNX model?");
    }
    BertGraph structure = BertGraph.of(origin, graph);
    structure.checkOps();
    Map<String, FloatTensor> weights = OnnxWeights.read(graph, origin);
    int layers = BertDims.layersOf(weights);
    if (layers == 0) {
      throw refuse(
          origin,
          "has no BERT encoder layers (no weight encoder.layer.0.attention.self.query.weight)");
    }
    structure.checkPostLn(layers);
    Optional<HfConfig> config = source.hfConfig().map(HfConfig::read);
    List<String> provenance = new ArrayList<>();

    int hidden = (int) BertDims.shape(weights, "embeddings.word_embeddings.weight", origin)[1];
    Optional<Integer> graphHeads = structure.heads(layers, hidden);
    int heads;
    if (graphHeads.isPresent()) {
      heads = graphHeads.get();
      provenance.add("heads " + heads + " from the attention Reshape constants");
    } else if (config.isPresent()) {
      heads = config.get().heads();
      provenance.add("heads " + heads + " from " + config.get().file());
    } else {
      throw refuse(
          origin,
          "cannot tell the number of attention heads: the attention Reshapes hold no constant "
              + "head count and there is no config.json beside the graph (add HF's config.json)");
    }
    if (heads < 1 || hidden % heads != 0) {
      throw refuse(origin, "hidden size " + hidden + " is not a multiple of " + heads + " heads");
    }
    BertDims dims = BertDims.of(weights, heads, origin);
    OnnxWeights.checkNames(weights, dims, origin);
    provenance.add(
        0,
        "layers "
            + dims.layers()
            + ", hidden "
            + dims.hidden()
            + ", intermediate "
            + dims.intermediate()
            + ", vocabulary "
            + dims.vocab()
            + ", positions "
            + dims.maxPositions()
            + ", token types "
            + dims.typeVocab()
            + " from the ONNX initializers' shapes");

    Optional<Float> graphEps = structure.layerNormEps();
    float eps;
    if (graphEps.isPresent()) {
      eps = graphEps.get();
      provenance.add("LayerNorm eps " + eps + " from the graph");
    } else if (config.isPresent() && config.get().layerNormEps().isPresent()) {
      eps = (float) (double) config.get().layerNormEps().get();
      provenance.add("LayerNorm eps " + eps + " from " + config.get().file());
    } else {
      throw refuse(
          origin,
          "cannot read the LayerNorm epsilon from the graph, and no config.json states layer_norm_eps");
    }
    config.ifPresent(c -> c.check(dims, eps));
    checkTokenizer(source, dims);
    return new OnnxBert(weights, dims, eps, List.copyOf(provenance));
  }

  static ConfigException refuse(String origin, String why) {
    return new ConfigException("edgetune.model.path: " + origin + " " + why);
  }

  /** Every token id of tokenizer.json must have a row in the word embeddings. */
  private static void checkTokenizer(ModelSource source, BertDims dims) {
    JsonNode json;
    try (InputStream in = source.openTokenizer()) {
      json = new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new ConfigException(
          "edgetune.model.path: the tokenizer of "
              + source.configName()
              + " is not valid JSON ("
              + e.getMessage()
              + ")");
    }
    JsonNode vocab = json.path("model").path("vocab");
    if (!vocab.isObject() && !vocab.isArray()) {
      throw new ConfigException(
          "edgetune.model.path: the tokenizer of "
              + source.configName()
              + " has no model.vocab; is it HF's tokenizer.json?");
    }
    // WordPiece keeps {token: id}; Unigram keeps [[token, score], ...] where the id is the index.
    long maxId = vocab.isArray() ? vocab.size() - 1 : 0;
    if (vocab.isObject()) {
      for (JsonNode id : vocab) {
        maxId = Math.max(maxId, id.asLong());
      }
    }
    for (JsonNode added : json.path("added_tokens")) {
      maxId = Math.max(maxId, added.path("id").asLong());
    }
    if (maxId >= dims.vocab()) {
      throw new ConfigException(
          "edgetune.model.path: the tokenizer of "
              + source.configName()
              + " has token id "
              + maxId
              + " but the model's word embeddings have "
              + dims.vocab()
              + " rows: tokenizer and model do not match");
    }
  }

  private static GraphProto parse(ModelSource source, String origin) {
    try (InputStream in = new BufferedInputStream(source.openOnnx(), 1 << 20)) {
      CodedInputStream coded = CodedInputStream.newInstance(in);
      // The default 64 MiB message limit is below the size of either bundled model file.
      coded.setSizeLimit(Integer.MAX_VALUE);
      return ModelProto.parseFrom(coded).getGraph();
    } catch (InvalidProtocolBufferException e) {
      throw refuse(origin, "is not an ONNX model (" + e.getMessage() + ")");
    } catch (IOException e) {
      throw refuse(origin, "cannot be read (" + e.getMessage() + ")");
    }
  }
}
