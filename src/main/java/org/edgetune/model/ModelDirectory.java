package org.edgetune.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.edgetune.config.ConfigException;

/**
 * A BERT encoder the user exported ({@code edgetune.model.path}): a directory holding the ONNX
 * graph ({@code model.onnx}, or the only {@code *.onnx} file), HF's {@code tokenizer.json} and,
 * optionally, HF's {@code config.json}. Only the presence of the files is checked here; what they
 * hold is checked when the model is read ({@link OnnxBert}).
 */
public record ModelDirectory(Path dir, Path onnx, Path tokenizer, Optional<Path> config)
    implements ModelSource {

  static final String KEY = "edgetune.model.path";
  static final String ONNX_FILE = "model.onnx";
  static final String TOKENIZER_FILE = "tokenizer.json";
  static final String CONFIG_FILE = "config.json";

  /** The files in {@code dir}; fails naming {@link #KEY} and what is missing. */
  public static ModelDirectory of(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new ConfigException(
          "config key '"
              + KEY
              + "' = "
              + dir
              + ": "
              + (Files.exists(dir) ? "is a file, not a directory" : "no such directory")
              + "; give a directory holding "
              + ONNX_FILE
              + " and "
              + TOKENIZER_FILE);
    }
    Path onnx = onnxFile(dir);
    Path tokenizer = dir.resolve(TOKENIZER_FILE);
    if (!Files.isRegularFile(tokenizer)) {
      throw new ConfigException(
          "config key '"
              + KEY
              + "' = "
              + dir
              + ": "
              + TOKENIZER_FILE
              + " is missing (HF's fast-tokenizer file, saved beside the model by save_pretrained)");
    }
    Path config = dir.resolve(CONFIG_FILE);
    return new ModelDirectory(
        dir, onnx, tokenizer, Files.isRegularFile(config) ? Optional.of(config) : Optional.empty());
  }

  private static Path onnxFile(Path dir) {
    Path named = dir.resolve(ONNX_FILE);
    if (Files.isRegularFile(named)) {
      return named;
    }
    List<Path> found;
    try (Stream<Path> files = Files.list(dir)) {
      found =
          files
              .filter(p -> p.getFileName().toString().endsWith(".onnx") && Files.isRegularFile(p))
              .sorted()
              .toList();
    } catch (IOException e) {
      throw new ConfigException(
          "config key '"
              + KEY
              + "' = "
              + dir
              + ": cannot list the directory ("
              + e.getMessage()
              + ")");
    }
    if (found.size() != 1) {
      throw new ConfigException(
          "config key '"
              + KEY
              + "' = "
              + dir
              + ": "
              + (found.isEmpty()
                  ? "holds no ONNX file (" + ONNX_FILE + ")"
                  : "holds "
                      + found.size()
                      + " ONNX files and none is named "
                      + ONNX_FILE
                      + "; keep one"));
    }
    return found.get(0);
  }

  @Override
  public String configName() {
    return dir.toString();
  }

  @Override
  public InputStream openOnnx() throws IOException {
    return Files.newInputStream(onnx);
  }

  @Override
  public String onnxOrigin() {
    return onnx.toString();
  }

  @Override
  public InputStream openTokenizer() throws IOException {
    return Files.newInputStream(tokenizer);
  }

  @Override
  public Optional<Path> hfConfig() {
    return config;
  }
}
