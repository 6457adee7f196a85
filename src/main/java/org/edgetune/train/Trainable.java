package org.edgetune.train;

import java.util.Locale;
import org.edgetune.config.NamedChoice;

/**
 * What a run learns ({@code edgetune.train.trainable}): the LoRA adapters and the task head, or the
 * head alone with LoRA kept at its initial value (B = 0, so the encoder acts as the frozen
 * pre-trained one). The head-only runs are the "federated training of the head" baseline.
 */
public enum Trainable implements NamedChoice {
  LORA_AND_HEAD,
  HEAD;

  /** The config spelling: {@code lora-and-head}, {@code head}. */
  @Override
  public String configName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public boolean lora() {
    return this == LORA_AND_HEAD;
  }
}
