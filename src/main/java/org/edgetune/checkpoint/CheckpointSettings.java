package org.edgetune.checkpoint;

import com.typesafe.config.Config;
import org.edgetune.config.ConfigReader;

/**
 * The {@code edgetune.checkpoint} section: how many per-round checkpoints a run keeps.
 *
 * @param keep the newest checkpoints kept in {@code OUT/checkpoints/}; older ones are deleted. More
 *     than one, so a checkpoint damaged on disk still leaves an earlier one to resume from.
 */
public record CheckpointSettings(int keep) {

  public static final String SECTION = "edgetune.checkpoint";

  public static CheckpointSettings fromConfig(Config root) {
    ConfigReader r = new ConfigReader(root, SECTION);
    CheckpointSettings settings = new CheckpointSettings(r.intIn("keep", 1, 1000));
    r.rejectUnknownKeys();
    return settings;
  }
}
