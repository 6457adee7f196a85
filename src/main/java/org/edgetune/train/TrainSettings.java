package org.edgetune.train;

import com.typesafe.config.Config;
import org.edgetune.config.ConfigReader;

/**
 * The {@code edgetune.train} section: optimisation settings shared by the centralized reference and
 * the federated runs.
 *
 * @param batchSize b, examples per mini-batch (also sets the uplink payload)
 * @param localSteps τ, split steps per device per round (federated runs)
 * @param learningRate AdamW step size for LoRA and head
 * @param weightDecay AdamW decoupled weight decay
 * @param evalBatchSize examples per forward pass when evaluating (not charged energy)
 * @param epochs passes over the training set (centralized runs)
 * @param trainable whether LoRA is learned with the head, or the head alone
 */
public record TrainSettings(
    int batchSize,
    int localSteps,
    double learningRate,
    double weightDecay,
    int evalBatchSize,
    int epochs,
    Trainable trainable) {

  public static final String SECTION = "edgetune.train";

  public static TrainSettings fromConfig(Config root) {
    ConfigReader r = new ConfigReader(root, SECTION);
    TrainSettings settings =
        new TrainSettings(
            r.intIn("batch-size", 1, 4096),
            r.intIn("local-steps", 1, 1000),
            r.doubleAbove("learning-rate", 0, 1),
            r.doubleIn("weight-decay", 0, 1),
            r.intIn("eval-batch-size", 1, 4096),
            r.intIn("epochs", 1, 1000),
            r.choice("trainable", Trainable.class));
    r.rejectUnknownKeys();
    return settings;
  }
}
