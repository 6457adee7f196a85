package org.edgetune.config;

import com.typesafe.config.Config;
import java.util.List;

/**
 * The sections directly under {@code edgetune}. Each settings record rejects unknown keys inside
 * its own section; this catches a misspelt section name ({@code edgetune.trian.epochs = 2}), which
 * would otherwise be ignored silently.
 */
public final class KnownSections {

  public static final List<String> NAMES =
      List.of(
          "seed",
          "model",
          "data",
          "train",
          "federated",
          "wireless",
          "schedule",
          "faults",
          "checkpoint",
          "cluster",
          "djl-dispatcher",
          "privacy");

  private KnownSections() {}

  public static void check(Config config) {
    ConfigReader root = new ConfigReader(config, "edgetune");
    NAMES.forEach(root::has);
    root.rejectUnknownKeys();
  }
}
