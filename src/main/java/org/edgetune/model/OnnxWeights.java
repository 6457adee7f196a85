package org.edgetune.model;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.edgetune.model.onnx.OnnxProto.GraphProto;
import org.edgetune.model.onnx.OnnxProto.ModelProto;
import org.edgetune.model.onnx.OnnxProto.NodeProto;
import org.edgetune.model.onnx.OnnxProto.TensorProto;

/**
 * Reads the weights of a BERT encoder exported to ONNX by HF's exporter, under HF names.
 *
 * <p>Named initializers already carry HF names. The Linear weights were folded into MatMul nodes as
 * anonymous {@code onnx::MatMul_NNN} initializers of shape [in, out]; each is named after the node
 * that consumes it ({@code /encoder/layer.0/attention/self/query/MatMul} becomes {@code
 * encoder.layer.0.attention.self.query.weight}) and transposed to HF's [out, in].
 */
public final class OnnxWeights {

  private static final String ANONYMOUS_MATMUL = "onnx::MatMul_";

  /**
   * An int64 buffer of 0..511 that the embeddings slice; positions are built from the length
   * instead.
   */
  private static final String POSITION_IDS = "embeddings.position_ids";

  /** TensorProto.DataLocation EXTERNAL. */
  private static final int EXTERNAL = 1;

  private OnnxWeights() {}

  /**
   * Weights of a model's graph, in file order (the graph itself is checked by {@link OnnxBert}).
   */
  public static Map<String, FloatTensor> read(ModelSource model) {
    return OnnxBert.read(model).weights();
  }

  public static Map<String, FloatTensor> read(InputStream in) throws IOException {
    CodedInputStream coded = CodedInputStream.newInstance(in);
    // The default 64 MiB message limit is below the size of either model file.
    coded.setSizeLimit(Integer.MAX_VALUE);
    return read(ModelProto.parseFrom(coded).getGraph(), "the ONNX graph");
  }

  /**
   * @param origin the file, for messages
   */
  static Map<String, FloatTensor> read(GraphProto graph, String origin) {
    Map<String, String> matMulNames = new HashMap<>();
    for (NodeProto node : graph.getNodeList()) {
      if (node.getOpType().equals("MatMul")
          && node.getInputCount() == 2
          && node.getInput(1).startsWith(ANONYMOUS_MATMUL)) {
        matMulNames.put(node.getInput(1), hfName(node.getName()));
      }
    }

    Map<String, FloatTensor> weights = new LinkedHashMap<>();
    for (TensorProto tensor : graph.getInitializerList()) {
      String name = tensor.getName();
      if (name.equals(POSITION_IDS)) {
        continue;
      }
      if (tensor.getDataLocation() == EXTERNAL) {
        throw OnnxBert.refuse(
            origin,
            "keeps initializer "
                + name
                + " in an external data file, which EdgeTune "
                + "does not read; export the weights inside the .onnx file");
      }
      if (tensor.getDataType() != TensorProto.DataType.FLOAT_VALUE) {
        throw OnnxBert.refuse(
            origin,
            "has initializer "
                + name
                + " of ONNX data type "
                + tensor.getDataType()
                + "; only float32 weights are supported (no fp16 or quantised export)");
      }
      FloatTensor values = values(tensor);
      long expected = 1;
      for (long d : values.shape()) {
        expected *= d;
      }
      if (values.values().length != expected) {
        throw OnnxBert.refuse(
            origin,
            "has initializer "
                + name
                + " with "
                + values.values().length
                + " values for its shape of "
                + expected);
      }
      if (name.startsWith(ANONYMOUS_MATMUL)) {
        String hf = matMulNames.get(name);
        if (hf == null) {
          throw new IllegalArgumentException("initializer " + name + " feeds no MatMul node");
        }
        weights.put(hf, transpose(values));
      } else {
        weights.put(name, values);
      }
    }
    return weights;
  }

  /**
   * The weights must be exactly those of HF's BertModel without pooler: nothing missing, nothing
   * extra.
   */
  static void checkNames(Map<String, FloatTensor> weights, BertDims dims, String origin) {
    List<String> expected =
        new ArrayList<>(
            List.of(
                "embeddings.word_embeddings.weight",
                "embeddings.position_embeddings.weight",
                "embeddings.token_type_embeddings.weight",
                "embeddings.LayerNorm.weight",
                "embeddings.LayerNorm.bias"));
    for (int layer = 0; layer < dims.layers(); layer++) {
      for (LoraTarget t : LoraTarget.values()) {
        expected.add(t.module(layer) + ".weight");
        expected.add(t.module(layer) + ".bias");
      }
      expected.add("encoder.layer." + layer + ".attention.output.LayerNorm.weight");
      expected.add("encoder.layer." + layer + ".attention.output.LayerNorm.bias");
      expected.add("encoder.layer." + layer + ".output.LayerNorm.weight");
      expected.add("encoder.layer." + layer + ".output.LayerNorm.bias");
    }
    List<String> missing = expected.stream().filter(n -> !weights.containsKey(n)).toList();
    List<String> extra =
        weights.keySet().stream().filter(n -> !expected.contains(n)).limit(5).toList();
    if (!missing.isEmpty() || !extra.isEmpty()) {
      throw OnnxBert.refuse(
          origin,
          "does not hold the weights of a BERT encoder"
              + (missing.isEmpty() ? "" : "; missing " + missing.stream().limit(5).toList())
              + (extra.isEmpty() ? "" : "; not BERT: " + extra));
    }
  }

  /**
   * {@code /encoder/layer.0/attention/self/query/MatMul} → {@code
   * encoder.layer.0.attention.self.query.weight}.
   */
  static String hfName(String nodeName) {
    String suffix = "/MatMul";
    if (!nodeName.startsWith("/") || !nodeName.endsWith(suffix)) {
      throw new IllegalArgumentException("unexpected MatMul node name " + nodeName);
    }
    return nodeName.substring(1, nodeName.length() - suffix.length()).replace('/', '.') + ".weight";
  }

  private static FloatTensor values(TensorProto tensor) {
    long[] shape = tensor.getDimsList().stream().mapToLong(Long::longValue).toArray();
    float[] values;
    ByteString raw = tensor.getRawData();
    if (!raw.isEmpty()) {
      values = new float[raw.size() / Float.BYTES];
      raw.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
    } else {
      values = new float[tensor.getFloatDataCount()];
      for (int i = 0; i < values.length; i++) {
        values[i] = tensor.getFloatData(i);
      }
    }
    return new FloatTensor(shape, values);
  }

  private static FloatTensor transpose(FloatTensor matrix) {
    if (matrix.shape().length != 2) {
      throw new IllegalArgumentException("MatMul weight of shape " + matrix + " is not a matrix");
    }
    int rows = (int) matrix.shape()[0];
    int cols = (int) matrix.shape()[1];
    float[] in = matrix.values();
    float[] out = new float[in.length];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        out[c * rows + r] = in[r * cols + c];
      }
    }
    return new FloatTensor(new long[] {cols, rows}, out);
  }
}
