package org.edgetune.model;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.UnknownFieldSet;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.edgetune.model.onnx.OnnxProto.GraphProto;
import org.edgetune.model.onnx.OnnxProto.ModelProto;
import org.edgetune.model.onnx.OnnxProto.NodeProto;
import org.edgetune.model.onnx.OnnxProto.TensorProto;

/**
 * Model directories for tests: a bundled model's files as a user would lay them out, or an edited
 * graph.
 */
public final class ModelDirs {

  /**
   * GraphProto's value_info: shapes of intermediate values, optional, dropped when layers are cut.
   */
  private static final int VALUE_INFO = 13;

  private ModelDirs() {}

  /**
   * {@code dir}/model.onnx and {@code dir}/tokenizer.json copied from a bundled model's resources.
   */
  public static Path bundled(PretrainedModel model, Path dir) throws IOException {
    Files.createDirectories(dir);
    try (InputStream in = model.openOnnx()) {
      Files.copy(in, dir.resolve("model.onnx"));
    }
    return withTokenizer(model, dir);
  }

  /** A bundled model's graph, edited, written with its tokenizer into {@code dir}. */
  public static Path edited(PretrainedModel model, Path dir, UnaryOperator<ModelProto> edit)
      throws IOException {
    Files.createDirectories(dir);
    Files.write(dir.resolve("model.onnx"), edit.apply(parse(model)).toByteArray());
    return withTokenizer(model, dir);
  }

  public static ModelProto parse(PretrainedModel model) throws IOException {
    try (InputStream in = model.openOnnx()) {
      CodedInputStream coded = CodedInputStream.newInstance(in);
      coded.setSizeLimit(Integer.MAX_VALUE);
      return ModelProto.parseFrom(coded);
    }
  }

  /**
   * The encoder cut to its first {@code keep} layers: the nodes and weights of later layers are
   * removed and the last kept layer's output becomes the graph's output. Everything else (the
   * embeddings, the mask, the kept layers) is the original graph, so ONNX Runtime runs it as is.
   */
  public static ModelProto truncated(ModelProto model, int keep) {
    GraphProto graph = model.getGraph();
    String output = graph.getOutput(0).getName();
    String lastKept = "/encoder/layer." + (keep - 1) + "/output/LayerNorm/";
    GraphProto.Builder cut = graph.toBuilder().clearNode().clearInitializer();
    Set<String> used = new HashSet<>();
    NodeProto lastNode = null;
    for (NodeProto node : graph.getNodeList()) {
      if (!removed(node.getName(), keep)) {
        cut.addNode(node);
        used.addAll(node.getInputList());
        if (node.getName().startsWith(lastKept)) {
          lastNode = node;
        }
      }
    }
    // The kept layer's final LayerNorm node now produces the graph's output.
    int index = cut.getNodeList().indexOf(lastNode);
    String old = lastNode.getOutput(0);
    cut.setNode(index, lastNode.toBuilder().setOutput(0, output).build());
    for (int i = 0; i < cut.getNodeCount(); i++) {
      NodeProto n = cut.getNode(i);
      if (n.getInputList().contains(old)) {
        NodeProto.Builder b = n.toBuilder().clearInput();
        n.getInputList().forEach(in -> b.addInput(in.equals(old) ? output : in));
        cut.setNode(i, b.build());
      }
    }
    for (TensorProto t : graph.getInitializerList()) {
      if (used.contains(t.getName())) {
        cut.addInitializer(t);
      }
    }
    cut.setUnknownFields(
        UnknownFieldSet.newBuilder(graph.getUnknownFields()).clearField(VALUE_INFO).build());
    return model.toBuilder().setGraph(cut).build();
  }

  private static boolean removed(String nodeName, int keep) {
    String prefix = "/encoder/layer.";
    if (!nodeName.startsWith(prefix)) {
      return false;
    }
    int end = nodeName.indexOf('/', prefix.length());
    return Integer.parseInt(nodeName.substring(prefix.length(), end)) >= keep;
  }

  private static Path withTokenizer(PretrainedModel model, Path dir) throws IOException {
    try (InputStream in = model.openTokenizer()) {
      Files.copy(in, dir.resolve("tokenizer.json"));
    }
    return dir;
  }
}
