package org.edgetune.model;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.edgetune.config.ConfigException;
import org.edgetune.config.ConfigReader;
import org.edgetune.config.NamedChoice;

/**
 * The {@code edgetune.model} section: which pre-trained encoder, how texts become tokens, the LoRA
 * adapters and the task head. Read once at start-up.
 *
 * @param model the pre-trained encoder: bundled ({@code name}) or a directory ({@code path})
 * @param maxLength L, tokens per sequence including [CLS] and [SEP]
 * @param padding how sequences are padded
 * @param truncation whether texts longer than L are cut (otherwise they are rejected)
 * @param lora adapter shape and targets
 * @param classes number of output classes of the task head
 * @param pooling how hidden states become one feature vector per sequence
 * @param deviceLayers n, the cut point: encoder layers 0..n-1 (and their adapters) run on the
 *     device, the rest on the server; 0 is the embedding-only cut. Checked against the loaded
 *     model's layers in {@link SplitLoraModel#load}, where they are known.
 */
public record ModelSettings(
    ModelSource model,
    int maxLength,
    Padding padding,
    boolean truncation,
    LoraSettings lora,
    int classes,
    Pooling pooling,
    int deviceLayers) {

  /** The model of a config that sets neither {@code name} nor {@code path}. */
  public static final PretrainedModel DEFAULT = PretrainedModel.ALL_MINILM_L6_V2;

  /** Reads and validates {@code edgetune.model}; fails naming the offending key. */
  public static ModelSettings fromConfig(Config root) {
    ConfigReader r = new ConfigReader(root, "edgetune.model");
    ModelSource model = source(r);
    int maxLength = r.intIn("max-length", 3, 512);
    Padding padding = r.choice("padding", Padding.class);
    boolean truncation = r.bool("truncation");
    LoraSettings lora = lora(r.section("lora"));
    int classes = r.intIn("classes", 2, 1000);
    Pooling pooling = r.choice("pooling", Pooling.class);
    int deviceLayers = r.intIn("device-layers", 0, 1_000);
    r.rejectUnknownKeys();
    return new ModelSettings(
        model, maxLength, padding, truncation, lora, classes, pooling, deviceLayers);
  }

  /** The same settings for another pre-trained encoder. */
  public ModelSettings withModel(ModelSource other) {
    return new ModelSettings(
        other, maxLength, padding, truncation, lora, classes, pooling, deviceLayers);
  }

  /** The cut point: how many encoder layers run on the device. */
  public CutPoint cut() {
    return new CutPoint(deviceLayers);
  }

  /**
   * {@code name} chooses a bundled model, {@code path} a directory; both empty means the default
   * bundled model, both set is refused (which one was meant cannot be guessed).
   */
  private static ModelSource source(ConfigReader r) {
    String name = r.string("name");
    String path = r.string("path");
    if (!name.isEmpty() && !path.isEmpty()) {
      throw new ConfigException(
          "config keys '"
              + r.key("name")
              + "' = "
              + name
              + " and '"
              + r.key("path")
              + "' = "
              + path
              + " are both set; name chooses a bundled model, path a directory: set one");
    }
    if (!path.isEmpty()) {
      return ModelDirectory.of(Path.of(path));
    }
    if (name.isEmpty()) {
      return DEFAULT;
    }
    return r.choice("name", PretrainedModel.class);
  }

  private static LoraSettings lora(ConfigReader r) {
    int rank = r.intIn("rank", 1, 384);
    double alpha = r.doubleAbove("alpha", 0, 1e6);
    double dropout = r.doubleIn("dropout", 0, 0.9);
    List<String> names = r.strings("targets");
    if (names.isEmpty()) {
      throw new ConfigException(
          "config key '" + r.key("targets") + "' must name at least one target");
    }
    List<String> allowed = NamedChoice.names(LoraTarget.class);
    Set<LoraTarget> targets = EnumSet.noneOf(LoraTarget.class);
    for (String name : names) {
      if (!allowed.contains(name)) {
        throw new ConfigException(
            "config key '"
                + r.key("targets")
                + "' holds '"
                + name
                + "'; allowed: "
                + String.join(", ", allowed));
      }
      targets.add(NamedChoice.of(LoraTarget.class, name));
    }
    r.rejectUnknownKeys();
    return new LoraSettings(rank, alpha, dropout, targets);
  }
}
