package org.edgetune.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where a BERT encoder's files come from: a model bundled on the classpath ({@code
 * edgetune.model.name}) or a directory the user exported ({@code edgetune.model.path}). Both are
 * read by the same code ({@link OnnxBert}, {@link TextTokenizer}).
 */
public sealed interface ModelSource permits PretrainedModel, ModelDirectory {

  /** How the model is named in summaries and messages: the bundled name or the directory. */
  String configName();

  /** The ONNX graph with its weights. */
  InputStream openOnnx() throws IOException;

  /** The file the ONNX graph comes from, for messages. */
  String onnxOrigin();

  /** HF's {@code tokenizer.json}. */
  InputStream openTokenizer() throws IOException;

  /** HF's {@code config.json} beside the graph, when there is one (bundled models have none). */
  Optional<Path> hfConfig();
}
