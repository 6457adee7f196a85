package org.edgetune.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import org.edgetune.model.onnx.OnnxProto.GraphProto;
import org.edgetune.model.onnx.OnnxProto.ModelProto;
import org.edgetune.model.onnx.OnnxProto.NodeProto;
import org.edgetune.model.onnx.OnnxProto.TensorProto;
import org.junit.jupiter.api.Test;

class OnnxWeightsTest {

  @Test
  void namesAnonymousMatMulWeightsAfterTheirNodeAndTransposesThem() throws Exception {
    ModelProto model =
        ModelProto.newBuilder()
            .setGraph(
                GraphProto.newBuilder()
                    .addNode(
                        NodeProto.newBuilder()
                            .setOpType("MatMul")
                            .setName("/encoder/layer.3/attention/self/query/MatMul")
                            .addInput("/embeddings/LayerNorm/Add_1_output_0")
                            .addInput("onnx::MatMul_787"))
                    // [in 2, out 3] in raw little-endian bytes
                    .addInitializer(raw("onnx::MatMul_787", new float[] {1, 2, 3, 4, 5, 6}, 2, 3))
                    .addInitializer(
                        TensorProto.newBuilder()
                            .setName("encoder.layer.3.attention.self.query.bias")
                            .setDataType(TensorProto.DataType.FLOAT_VALUE)
                            .addDims(3)
                            .addAllFloatData(List.of(0.5f, -1f, 2f)))
                    .addInitializer(
                        TensorProto.newBuilder()
                            .setName("embeddings.position_ids")
                            .setDataType(TensorProto.DataType.INT64_VALUE)
                            .addDims(1)
                            .addDims(2)
                            .addInt64Data(0)
                            .addInt64Data(1)))
            .build();

    Map<String, FloatTensor> weights =
        OnnxWeights.read(new ByteArrayInputStream(model.toByteArray()));

    assertThat(weights)
        .containsOnlyKeys(
            "encoder.layer.3.attention.self.query.weight",
            "encoder.layer.3.attention.self.query.bias");
    FloatTensor w = weights.get("encoder.layer.3.attention.self.query.weight");
    assertThat(w.shape()).containsExactly(3, 2);
    assertThat(w.values()).containsExactly(1, 4, 2, 5, 3, 6);
    assertThat(weights.get("encoder.layer.3.attention.self.query.bias").values())
        .containsExactly(0.5f, -1f, 2f);
  }

  @Test
  void rejectsAnAnonymousWeightThatNoMatMulConsumes() {
    ModelProto model =
        ModelProto.newBuilder()
            .setGraph(
                GraphProto.newBuilder()
                    .addInitializer(raw("onnx::MatMul_1", new float[] {1}, 1, 1)))
            .build();
    assertThatThrownBy(() -> OnnxWeights.read(new ByteArrayInputStream(model.toByteArray())))
        .hasMessageContaining("onnx::MatMul_1");
  }

  @Test
  void readsBothShippedModelsUnderHfNames() {
    for (PretrainedModel pretrained : PretrainedModel.values()) {
      Map<String, FloatTensor> weights = OnnxWeights.read(pretrained);
      BertDims dims = OnnxBert.read(pretrained).dims();
      int layers = pretrained == PretrainedModel.ALL_MINILM_L6_V2 ? 6 : 12;
      assertThat(dims).isEqualTo(new BertDims(layers, 384, 12, 1536, 30522, 512, 2));
      assertThat(weights).hasSize(5 + 16 * layers).doesNotContainKey("embeddings.position_ids");
      assertThat(weights.get("encoder.layer." + (layers - 1) + ".output.dense.weight").shape())
          .containsExactly(384, 1536);
      assertThat(weights.keySet()).noneMatch(name -> name.startsWith("onnx::"));
    }
  }

  private static TensorProto raw(String name, float[] values, long... dims) {
    ByteBuffer bytes = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asFloatBuffer().put(values);
    TensorProto.Builder t =
        TensorProto.newBuilder()
            .setName(name)
            .setDataType(TensorProto.DataType.FLOAT_VALUE)
            .setRawData(ByteString.copyFrom(bytes.array()));
    for (long d : dims) {
      t.addDims(d);
    }
    return t.build();
  }
}
