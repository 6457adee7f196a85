package org.edgetune.model;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.edgetune.config.ConfigException;
import org.edgetune.model.onnx.OnnxProto.AttributeProto;
import org.edgetune.model.onnx.OnnxProto.GraphProto;
import org.edgetune.model.onnx.OnnxProto.NodeProto;
import org.edgetune.model.onnx.OnnxProto.TensorProto;

/**
 * Checks that an ONNX graph is the post-LN BERT encoder EdgeTune re-implements (HF's {@code
 * BertModel} as its ONNX exporter writes it), and reads from the graph what the weights' shapes
 * cannot tell: the attention head count (the constant head count in each layer's attention Reshape
 * to [b, L, heads, d/heads]) and the LayerNorm epsilon (the constant added to the variance before
 * Sqrt, or a LayerNormalization node's {@code epsilon}). Anything else is refused with a message
 * naming the node: an op outside the set below (rotary embeddings need Sin/Cos, other activations
 * Relu or Tanh, fused attention ops), or layers wired other than post-LN.
 */
final class BertGraph {

  /**
   * Every op of the exported bundled encoders, plus LayerNormalization (the same math, opset ≥ 17).
   */
  static final Set<String> SUPPORTED_OPS =
      Set.of(
          "Add",
          "Cast",
          "Concat",
          "Constant",
          "Div",
          "Erf",
          "Gather",
          "LayerNormalization",
          "MatMul",
          "Mul",
          "Pow",
          "ReduceMean",
          "Reshape",
          "Shape",
          "Slice",
          "Softmax",
          "Sqrt",
          "Sub",
          "Transpose",
          "Unsqueeze");

  private static final Map<String, String> HINTS =
      Map.of(
          "Sin", " (rotary position embeddings are not supported)",
          "Cos", " (rotary position embeddings are not supported)",
          "Tanh", " (a tanh GELU or a pooler; export the bare encoder with exact GELU)",
          "Relu", " (only the exact erf GELU activation is supported)",
          "Gemm", " (Linear layers must be exported as MatMul + Add)",
          "Attention", " (fused attention from an optimiser; export without graph optimisation)",
          "SkipLayerNormalization",
              " (fused LayerNorm from an optimiser; export without graph optimisation)");

  private final String origin;
  private final GraphProto graph;
  private final Map<String, NodeProto> producers = new HashMap<>();
  private final Map<String, TensorProto> initializers = new HashMap<>();

  private BertGraph(String origin, GraphProto graph) {
    this.origin = origin;
    this.graph = graph;
    for (NodeProto node : graph.getNodeList()) {
      for (String out : node.getOutputList()) {
        producers.put(out, node);
      }
    }
    for (TensorProto t : graph.getInitializerList()) {
      initializers.put(t.getName(), t);
    }
  }

  /**
   * @param origin the file, for messages
   */
  static BertGraph of(String origin, GraphProto graph) {
    return new BertGraph(origin, graph);
  }

  /** Refuses ops outside {@link #SUPPORTED_OPS}, naming the first node of each. */
  void checkOps() {
    Set<String> unknown = new TreeSet<>();
    String firstNode = null;
    String hint = "";
    for (NodeProto node : graph.getNodeList()) {
      if (!SUPPORTED_OPS.contains(node.getOpType())
          && unknown.add(node.getOpType())
          && firstNode == null) {
        firstNode = node.getName();
        hint = HINTS.getOrDefault(node.getOpType(), "");
      }
    }
    if (!unknown.isEmpty()) {
      throw fail(
          "ops "
              + unknown
              + " are not part of the BERT encoder EdgeTune runs; first at node '"
              + firstNode
              + "'"
              + hint
              + ". Supported ops: "
              + String.join(", ", new TreeSet<>(SUPPORTED_OPS)));
    }
  }

  /**
   * Post-LN wiring: layer 0's attention reads the embeddings' LayerNorm, layer k's reads layer
   * k−1's output LayerNorm, every layer has a Softmax and an exact GELU (Erf), and the graph's
   * output is the last layer's output LayerNorm.
   */
  void checkPostLn(int layers) {
    for (int k = 0; k < layers; k++) {
      String layer = "/encoder/layer." + k + "/";
      String expected =
          k == 0 ? "/embeddings/LayerNorm/" : "/encoder/layer." + (k - 1) + "/output/LayerNorm/";
      for (String proj : List.of("query", "key", "value")) {
        NodeProto matMul = node(layer + "attention/self/" + proj + "/MatMul");
        NodeProto input = producers.get(matMul.getInput(0));
        if (input == null || !input.getName().startsWith(expected)) {
          throw fail(
              "layer "
                  + k
                  + "'s attention "
                  + proj
                  + " reads '"
                  + (input == null ? matMul.getInput(0) : input.getName())
                  + "', not the output of '"
                  + expected
                  + "': a pre-LN or otherwise rewired encoder is not supported "
                  + "(EdgeTune runs post-LN BERT)");
        }
      }
      requireOp(layer + "attention/self/", "Softmax", "attention softmax");
      requireOp(layer + "intermediate/", "Erf", "exact (erf) GELU activation");
    }
    if (graph.getOutputCount() == 0) {
      throw fail("the graph has no output");
    }
    String output = graph.getOutput(0).getName();
    NodeProto last = producers.get(output);
    String expected = "/encoder/layer." + (layers - 1) + "/output/LayerNorm/";
    if (last == null || !last.getName().startsWith(expected)) {
      throw fail(
          "the graph's first output '"
              + output
              + "' is not the last layer's hidden state ("
              + expected
              + "); export the bare encoder (task feature-extraction), whose output is last_hidden_state");
    }
  }

  /**
   * The head count from the constant shapes of the attention Reshapes ([b, L, heads, d/heads]),
   * empty when no layer's shape holds it as a constant. Layers that disagree are refused.
   */
  Optional<Integer> heads(int layers, int hidden) {
    Integer heads = null;
    for (int k = 0; k < layers; k++) {
      String prefix = "/encoder/layer." + k + "/attention/self/";
      for (NodeProto node : graph.getNodeList()) {
        if (!node.getOpType().equals("Reshape")
            || !node.getName().startsWith(prefix)
            || node.getInputCount() < 2) {
          continue;
        }
        Long[] shape = constantShape(node.getInput(1));
        if (shape == null
            || shape.length != 4
            || shape[2] == null
            || shape[3] == null
            || shape[2] * shape[3] != hidden) {
          continue;
        }
        int h = shape[2].intValue();
        if (heads != null && heads != h) {
          throw fail(
              "the attention Reshapes disagree on the head count ("
                  + heads
                  + " and "
                  + h
                  + " at '"
                  + node.getName()
                  + "')");
        }
        heads = h;
      }
    }
    return Optional.ofNullable(heads);
  }

  /**
   * The LayerNorm epsilon: a LayerNormalization node's {@code epsilon}, or the constant added to
   * the variance before Sqrt in the decomposed form; one value for every LayerNorm, else refused.
   */
  Optional<Float> layerNormEps() {
    Set<Float> found = new LinkedHashSet<>();
    List<String> where = new ArrayList<>();
    for (NodeProto node : graph.getNodeList()) {
      if (!node.getName().contains("LayerNorm/")) {
        continue;
      }
      Float eps = null;
      if (node.getOpType().equals("LayerNormalization")) {
        eps = 1e-5f; // ONNX's default when the attribute is absent
        for (AttributeProto a : node.getAttributeList()) {
          if (a.getName().equals("epsilon")) {
            eps = a.getF();
          }
        }
      } else if (node.getOpType().equals("Sqrt")) {
        NodeProto add = producers.get(node.getInput(0));
        if (add != null && add.getOpType().equals("Add")) {
          for (String in : add.getInputList()) {
            float[] c = constantFloats(in);
            if (c != null && c.length == 1) {
              eps = c[0];
            }
          }
        }
      }
      if (eps != null && found.add(eps)) {
        where.add(node.getName() + " = " + eps);
      }
    }
    if (found.size() > 1) {
      throw fail(
          "the LayerNorms use different epsilons ("
              + String.join(", ", where)
              + "); one is supported");
    }
    return found.stream().findFirst();
  }

  private void requireOp(String prefix, String op, String what) {
    for (NodeProto node : graph.getNodeList()) {
      if (node.getOpType().equals(op) && node.getName().startsWith(prefix)) {
        return;
      }
    }
    throw fail(
        "no " + op + " node under '" + prefix + "': the " + what + " EdgeTune runs is missing");
  }

  private NodeProto node(String name) {
    for (NodeProto node : graph.getNodeList()) {
      if (node.getName().equals(name)) {
        return node;
      }
    }
    throw fail("no node '" + name + "': not a BERT encoder as HF's exporter writes it");
  }

  /** A shape input's entries that are constants (null where computed at run time), or null. */
  private Long[] constantShape(String value) {
    long[] whole = constantLongs(value);
    if (whole != null) {
      Long[] boxed = new Long[whole.length];
      for (int i = 0; i < whole.length; i++) {
        boxed[i] = whole[i];
      }
      return boxed;
    }
    NodeProto concat = producers.get(value);
    if (concat == null || !concat.getOpType().equals("Concat")) {
      return null;
    }
    List<Long> entries = new ArrayList<>();
    for (String in : concat.getInputList()) {
      long[] part = constantLongs(in);
      if (part == null) {
        entries.add(null); // a Shape/Gather/Unsqueeze chain: one run-time dimension
      } else {
        for (long v : part) {
          entries.add(v);
        }
      }
    }
    return entries.toArray(Long[]::new);
  }

  private long[] constantLongs(String value) {
    TensorProto t = constant(value);
    if (t == null || t.getDataType() != TensorProto.DataType.INT64_VALUE) {
      return null;
    }
    if (!t.getRawData().isEmpty()) {
      ByteBuffer raw = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
      long[] out = new long[raw.remaining() / Long.BYTES];
      raw.asLongBuffer().get(out);
      return out;
    }
    return t.getInt64DataList().stream().mapToLong(Long::longValue).toArray();
  }

  private float[] constantFloats(String value) {
    TensorProto t = constant(value);
    if (t == null || t.getDataType() != TensorProto.DataType.FLOAT_VALUE) {
      return null;
    }
    if (!t.getRawData().isEmpty()) {
      ByteBuffer raw = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
      float[] out = new float[raw.remaining() / Float.BYTES];
      raw.asFloatBuffer().get(out);
      return out;
    }
    float[] out = new float[t.getFloatDataCount()];
    for (int i = 0; i < out.length; i++) {
      out[i] = t.getFloatData(i);
    }
    return out;
  }

  /** The tensor of a Constant node's output or of an initializer, or null. */
  private TensorProto constant(String value) {
    TensorProto init = initializers.get(value);
    if (init != null) {
      return init;
    }
    NodeProto node = producers.get(value);
    if (node == null || !node.getOpType().equals("Constant")) {
      return null;
    }
    for (AttributeProto a : node.getAttributeList()) {
      if (a.getName().equals("value") && a.hasT()) {
        return a.getT();
      }
    }
    return null;
  }

  private ConfigException fail(String why) {
    return OnnxBert.refuse(origin, why);
  }
}
