package org.edgetune.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import org.edgetune.config.ConfigException;
import org.edgetune.model.onnx.OnnxProto.GraphProto;
import org.edgetune.model.onnx.OnnxProto.ModelProto;
import org.edgetune.model.onnx.OnnxProto.NodeProto;
import org.edgetune.model.onnx.OnnxProto.TensorProto;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code edgetune.model.path}: the bundled models and a cut-down one load from a directory with
 * their sizes read from the files and ONNX Runtime parity; other architectures are refused.
 */
class ModelPathTest {

  private static ModelSettings path(Path dir) {
    return Fixtures.settings("edgetune.model.path = \"" + dir + "\"");
  }

  @ParameterizedTest
  @EnumSource(PretrainedModel.class)
  void bundledModelLoadsFromADirectoryWithItsSizesAndOnnxRuntimeParity(
      PretrainedModel pretrained, @TempDir Path tmp) throws Exception {
    Path dir = ModelDirs.bundled(pretrained, tmp.resolve("model"));
    ModelSettings settings = path(dir);
    assertThat(settings.model()).isEqualTo(ModelDirectory.of(dir));

    OnnxBert bert = OnnxBert.read(settings.model());
    int layers = pretrained == PretrainedModel.ALL_MINILM_L6_V2 ? 6 : 12;
    // The published sizes of both models (their HF config.json), not read by the code under test.
    assertThat(bert.dims()).isEqualTo(new BertDims(layers, 384, 12, 1536, 30522, 512, 2));
    assertThat(bert.layerNormEps()).isEqualTo(1e-12f);
    assertThat(bert.provenance()).contains("heads 12 from the attention Reshape constants");

    double diff =
        EncoderParityTest.maxAbsDifference(settings, Files.readAllBytes(dir.resolve("model.onnx")));
    assertThat(diff).isLessThanOrEqualTo(1e-4);
  }

  @Test
  void encoderCutToThreeLayersLoadsWithThreeLayersAndOnnxRuntimeParity(@TempDir Path tmp)
      throws Exception {
    Path dir =
        ModelDirs.edited(PretrainedModel.ALL_MINILM_L6_V2, tmp, m -> ModelDirs.truncated(m, 3));
    ModelSettings settings = path(dir);

    assertThat(OnnxBert.read(settings.model()).dims())
        .isEqualTo(new BertDims(3, 384, 12, 1536, 30522, 512, 2));
    double diff =
        EncoderParityTest.maxAbsDifference(settings, Files.readAllBytes(dir.resolve("model.onnx")));
    assertThat(diff).isLessThanOrEqualTo(1e-4);
  }

  @Test
  void headsComeFromConfigJsonWhenTheGraphHoldsNoConstantHeadCount(@TempDir Path tmp)
      throws Exception {
    // Replace every constant 12 of the attention Reshape shapes by a run-time value: heads unknown.
    Path dir =
        ModelDirs.edited(
            PretrainedModel.ALL_MINILM_L6_V2, tmp, ModelPathTest::withoutConstantHeads);
    assertThatThrownBy(() -> OnnxBert.read(path(dir).model()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("cannot tell the number of attention heads")
        .hasMessageContaining("config.json");

    Files.writeString(
        dir.resolve("config.json"), "{\"model_type\": \"bert\", \"num_attention_heads\": 12}");
    OnnxBert bert = OnnxBert.read(path(dir).model());
    assertThat(bert.dims().heads()).isEqualTo(12);
    assertThat(bert.provenance()).contains("heads 12 from " + dir.resolve("config.json"));
  }

  @Test
  void configJsonThatDisagreesWithTheGraphIsRefused(@TempDir Path tmp) throws Exception {
    Path dir = ModelDirs.bundled(PretrainedModel.ALL_MINILM_L6_V2, tmp.resolve("model"));
    Files.writeString(
        dir.resolve("config.json"), "{\"model_type\": \"bert\", \"num_attention_heads\": 6}");
    assertThatThrownBy(() -> OnnxBert.read(path(dir).model()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(
            "config.json states num_attention_heads = 6 but the ONNX graph has 12");

    Files.writeString(dir.resolve("config.json"), "{\"model_type\": \"roberta\"}");
    assertThatThrownBy(() -> OnnxBert.read(path(dir).model()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("model_type = \"roberta\"; only BERT encoders are supported");
  }

  @Test
  void rotaryEmbeddingOpsAreRefusedNamingTheNode(@TempDir Path tmp) throws Exception {
    Path dir =
        ModelDirs.edited(
            PretrainedModel.ALL_MINILM_L6_V2,
            tmp,
            m ->
                withNode(
                    m,
                    NodeProto.newBuilder()
                        .setName("/encoder/layer.0/attention/self/rotary_emb/Sin")
                        .setOpType("Sin")
                        .addInput("/encoder/layer.0/attention/self/query/Add_output_0")
                        .addOutput("sin_out")
                        .build()));
    assertThatThrownBy(() -> OnnxBert.read(path(dir).model()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("edgetune.model.path")
        .hasMessageContaining(dir.resolve("model.onnx").toString())
        .hasMessageContaining("[Sin]")
        .hasMessageContaining("/encoder/layer.0/attention/self/rotary_emb/Sin")
        .hasMessageContaining("rotary position embeddings are not supported");
  }

  @Test
  void preLayerNormWiringIsRefused(@TempDir Path tmp) throws Exception {
    // A LayerNorm in front of layer 1's attention (pre-LN) instead of reading layer 0's output
    // LayerNorm.
    Path dir =
        ModelDirs.edited(
            PretrainedModel.ALL_MINILM_L6_V2,
            tmp,
            m -> {
              String layer0Out = "/encoder/layer.0/output/LayerNorm/Add_1_output_0";
              ModelProto withLn =
                  withNode(
                      m,
                      NodeProto.newBuilder()
                          .setName("/encoder/layer.1/attention/LayerNorm/Mul")
                          .setOpType("Mul")
                          .addInput(layer0Out)
                          .addInput(layer0Out)
                          .addOutput("pre_ln_out")
                          .build());
              GraphProto.Builder g = withLn.getGraph().toBuilder();
              for (int i = 0; i < g.getNodeCount(); i++) {
                NodeProto n = g.getNode(i);
                if (n.getName().startsWith("/encoder/layer.1/attention/self/")
                    && n.getOpType().equals("MatMul")
                    && n.getInput(0).equals(layer0Out)) {
                  g.setNode(i, n.toBuilder().setInput(0, "pre_ln_out").build());
                }
              }
              return withLn.toBuilder().setGraph(g).build();
            });
    assertThatThrownBy(() -> OnnxBert.read(path(dir).model()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(
            "layer 1's attention query reads '/encoder/layer.1/attention/LayerNorm/Mul'")
        .hasMessageContaining("pre-LN");
  }

  @Test
  void aGraphWithoutEncoderLayersIsRefused(@TempDir Path tmp) throws Exception {
    ModelProto classifier =
        ModelProto.newBuilder()
            .setGraph(
                GraphProto.newBuilder()
                    .addNode(
                        NodeProto.newBuilder()
                            .setName("/classifier/MatMul")
                            .setOpType("MatMul")
                            .addInput("features")
                            .addInput("classifier.weight")
                            .addOutput("logits"))
                    .addInitializer(
                        TensorProto.newBuilder()
                            .setName("classifier.weight")
                            .setDataType(TensorProto.DataType.FLOAT_VALUE)
                            .addDims(2)
                            .addDims(2)
                            .addFloatData(1)
                            .addFloatData(2)
                            .addFloatData(3)
                            .addFloatData(4)))
            .build();
    Path dir = ModelDirs.edited(PretrainedModel.ALL_MINILM_L6_V2, tmp, m -> classifier);
    assertThatThrownBy(() -> OnnxBert.read(path(dir).model()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("has no BERT encoder layers");
  }

  @Test
  void weightsOtherThanBertModelsFp32OnesInsideTheFileAreRefused(@TempDir Path tmp)
      throws Exception {
    TensorProto pooler =
        TensorProto.newBuilder()
            .setName("pooler.dense.weight")
            .setDataType(TensorProto.DataType.FLOAT_VALUE)
            .addDims(1)
            .addDims(1)
            .addFloatData(1)
            .build();
    Path withPooler =
        ModelDirs.edited(
            PretrainedModel.ALL_MINILM_L6_V2,
            tmp.resolve("pooler"),
            m -> m.toBuilder().setGraph(m.getGraph().toBuilder().addInitializer(pooler)).build());
    assertThatThrownBy(() -> OnnxBert.read(path(withPooler).model()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("not BERT: [pooler.dense.weight]");

    Path fp16 =
        ModelDirs.edited(
            PretrainedModel.ALL_MINILM_L6_V2,
            tmp.resolve("fp16"),
            m -> withFirstWeight(m, t -> t.setDataType(10))); // ONNX FLOAT16
    assertThatThrownBy(() -> OnnxBert.read(path(fp16).model()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("only float32 weights are supported");

    Path external =
        ModelDirs.edited(
            PretrainedModel.ALL_MINILM_L6_V2,
            tmp.resolve("external"),
            m -> withFirstWeight(m, t -> t.clearRawData().setDataLocation(1)));
    assertThatThrownBy(() -> OnnxBert.read(path(external).model()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("in an external data file");
  }

  @Test
  void aFileThatIsNotOnnxIsRefused(@TempDir Path tmp) throws Exception {
    Path dir = ModelDirs.bundled(PretrainedModel.ALL_MINILM_L6_V2, tmp.resolve("model"));
    Files.writeString(dir.resolve("model.onnx"), "this is a text file, not a model\n");
    assertThatThrownBy(() -> OnnxBert.read(path(dir).model()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(dir.resolve("model.onnx").toString())
        .hasMessageContaining("ONNX model");
  }

  @Test
  void aTokenizerWithIdsBeyondTheEmbeddingsIsRefused(@TempDir Path tmp) throws Exception {
    Path dir = ModelDirs.bundled(PretrainedModel.ALL_MINILM_L6_V2, tmp.resolve("model"));
    Files.writeString(
        dir.resolve("tokenizer.json"),
        "{\"model\": {\"type\": \"WordPiece\", \"vocab\": {\"a\": 0, \"b\": 30522}}}");
    assertThatThrownBy(() -> OnnxBert.read(path(dir).model()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("token id 30522 but the model's word embeddings have 30522 rows");
  }

  @Test
  void missingFilesAndAmbiguousChoicesAreRefusedWhenTheConfigIsRead(@TempDir Path tmp)
      throws Exception {
    assertThatThrownBy(() -> path(tmp.resolve("absent")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("edgetune.model.path")
        .hasMessageContaining("no such directory");
    Files.writeString(tmp.resolve("model.onnx"), "x");
    assertThatThrownBy(() -> path(tmp))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("tokenizer.json is missing");
    Files.delete(tmp.resolve("model.onnx"));
    Files.writeString(tmp.resolve("tokenizer.json"), "{}");
    assertThatThrownBy(() -> path(tmp))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("holds no ONNX file");
    assertThatThrownBy(
            () ->
                Fixtures.settings(
                    "edgetune.model { name = bge-small-en-v1.5, path = \"" + tmp + "\" }"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'edgetune.model.name' = bge-small-en-v1.5 and 'edgetune.model.path'")
        .hasMessageContaining("set one");
  }

  @Test
  void aMaxLengthBeyondTheModelsPositionsIsRefusedAtLoad(@TempDir Path tmp) throws Exception {
    // Position embeddings cut to their first 32 rows: a model that knows 32 positions.
    Path dir =
        ModelDirs.edited(
            PretrainedModel.ALL_MINILM_L6_V2,
            tmp,
            m -> {
              GraphProto.Builder g = m.getGraph().toBuilder();
              for (int i = 0; i < g.getInitializerCount(); i++) {
                TensorProto t = g.getInitializer(i);
                if (t.getName().equals("embeddings.position_embeddings.weight")) {
                  g.setInitializer(
                      i,
                      t.toBuilder()
                          .setDims(0, 32)
                          .setRawData(t.getRawData().substring(0, 32 * 384 * 4))
                          .build());
                }
              }
              return m.toBuilder().setGraph(g).build();
            });
    ModelSettings settings =
        Fixtures.settings("edgetune.model { path = \"" + dir + "\", max-length = 64 }");
    assertThat(OnnxBert.read(settings.model()).dims().maxPositions()).isEqualTo(32);
    assertThatThrownBy(() -> SplitLoraModel.load(settings))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(
            "'edgetune.model.max-length' = 64 exceeds the 32 positions of " + dir);
  }

  @Test
  void neitherNameNorPathMeansTheDefaultBundledModel() {
    assertThat(Fixtures.defaults().model()).isEqualTo(PretrainedModel.ALL_MINILM_L6_V2);
    assertThat(Fixtures.settings("edgetune.model.name = bge-small-en-v1.5").model())
        .isEqualTo(PretrainedModel.BGE_SMALL_EN_V15);
  }

  private static ModelProto withFirstWeight(
      ModelProto model, UnaryOperator<TensorProto.Builder> edit) {
    GraphProto.Builder g = model.getGraph().toBuilder();
    for (int i = 0; i < g.getInitializerCount(); i++) {
      if (g.getInitializer(i).getName().equals("embeddings.word_embeddings.weight")) {
        g.setInitializer(i, edit.apply(g.getInitializer(i).toBuilder()).build());
      }
    }
    return model.toBuilder().setGraph(g).build();
  }

  private static ModelProto withNode(ModelProto model, NodeProto node) {
    return model.toBuilder().setGraph(model.getGraph().toBuilder().addNode(node)).build();
  }

  /** Every attention Reshape's constant head count (12) replaced by the output of a Shape node. */
  private static ModelProto withoutConstantHeads(ModelProto model) {
    GraphProto.Builder g = model.getGraph().toBuilder();
    for (int i = 0; i < g.getNodeCount(); i++) {
      NodeProto n = g.getNode(i);
      if (n.getOpType().equals("Concat")
          && n.getName().contains("/attention/self/Concat")
          && n.getInputCount() == 4) {
        // The head-count input becomes a Shape of the mask: still an int64 tensor, but not a
        // constant.
        g.setNode(i, n.toBuilder().setInput(2, "/Shape_heads_output").build());
      }
    }
    g.addNode(
        NodeProto.newBuilder()
            .setName("/Shape_heads")
            .setOpType("Shape")
            .addInput("attention_mask")
            .addOutput("/Shape_heads_output"));
    return model.toBuilder().setGraph(g).build();
  }
}
