package org.edgetune.model;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import org.edgetune.config.ConfigException;

/**
 * Tokenizer of the configured model, built from the {@code tokenizer.json} shipped with it (never
 * by hub name, which would go online). Padding and truncation come from the settings and override
 * the file's built-in 128 tokens. Encoding is thread-safe.
 */
public final class TextTokenizer implements AutoCloseable {

  private final HuggingFaceTokenizer tokenizer;
  private final int maxLength;
  private final boolean truncation;

  private TextTokenizer(HuggingFaceTokenizer tokenizer, int maxLength, boolean truncation) {
    this.tokenizer = tokenizer;
    this.maxLength = maxLength;
    this.truncation = truncation;
  }

  public static TextTokenizer load(ModelSettings settings) {
    Map<String, String> options =
        Map.of(
            "padding", settings.padding().tokenizerOption(),
            "maxLength", Integer.toString(settings.maxLength()),
            "truncation", Boolean.toString(settings.truncation()));
    ModelSource model = settings.model();
    try {
      // The tokenizer reads a file path; a bundled one sits inside a jar, so copy it out briefly
      // (a directory's is copied too: one route for both).
      Path file = Files.createTempFile("edgetune-tokenizer-", ".json");
      try (InputStream in = model.openTokenizer()) {
        Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        return new TextTokenizer(
            HuggingFaceTokenizer.newInstance(file, options),
            settings.maxLength(),
            settings.truncation());
      } catch (RuntimeException e) {
        if (model instanceof ModelDirectory dir) {
          throw new ConfigException(
              "edgetune.model.path: "
                  + dir.tokenizer()
                  + " cannot be loaded as HF's "
                  + "tokenizer.json ("
                  + e.getMessage()
                  + ")");
        }
        throw e;
      } finally {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot load the tokenizer of " + model.configName(), e);
    }
  }

  /** Tokenises a batch into [b, L] ids, mask and type ids. */
  public TokenBatch encode(List<String> texts) {
    if (texts.isEmpty()) {
      throw new IllegalArgumentException("nothing to encode");
    }
    Encoding[] encodings = tokenizer.batchEncode(texts);
    int length = encodings[0].getIds().length;
    if (!truncation && length > maxLength) {
      // Bad input, found only when the corpus is tokenised: a message naming the keys, not a trace.
      throw new ConfigException(
          "a text has "
              + length
              + " tokens, more than edgetune.model.max-length = "
              + maxLength
              + ", and edgetune.model.truncation = false; set truncation = true or a larger max-length");
    }
    int b = encodings.length;
    long[] ids = new long[b * length];
    long[] mask = new long[b * length];
    long[] types = new long[b * length];
    for (int row = 0; row < b; row++) {
      System.arraycopy(encodings[row].getIds(), 0, ids, row * length, length);
      System.arraycopy(encodings[row].getAttentionMask(), 0, mask, row * length, length);
      System.arraycopy(encodings[row].getTypeIds(), 0, types, row * length, length);
    }
    return new TokenBatch(b, length, ids, mask, types);
  }

  @Override
  public void close() {
    tokenizer.close();
  }
}
