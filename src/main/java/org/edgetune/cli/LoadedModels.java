package org.edgetune.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import org.edgetune.model.ModelSettings;
import org.edgetune.model.SplitLoraModel;
import org.edgetune.model.TextTokenizer;

/**
 * The models of several runs, each distinct model section loaded once, on first use, and kept until
 * {@link #close}: the runs of an experiment come seed by seed, so every seed needs every model
 * again.
 */
final class LoadedModels implements AutoCloseable {

  /** A loaded model and its tokenizer. */
  record Loaded(SplitLoraModel model, TextTokenizer tokenizer) {}

  private final Map<ModelSettings, Loaded> loaded = new LinkedHashMap<>();

  Loaded get(ModelSettings settings) {
    Loaded l = loaded.get(settings);
    if (l == null) {
      SplitLoraModel model = SplitLoraModel.load(settings);
      try {
        l = new Loaded(model, TextTokenizer.load(settings));
      } catch (RuntimeException e) {
        model.close();
        throw e;
      }
      loaded.put(settings, l);
    }
    return l;
  }

  @Override
  public void close() {
    for (Loaded l : loaded.values()) {
      try (SplitLoraModel model = l.model();
          TextTokenizer tokenizer = l.tokenizer()) {
        // closed by the try
      }
    }
    loaded.clear();
  }
}
