package org.edgetune.model;

import org.edgetune.config.NamedChoice;

/** How token sequences are padded. */
public enum Padding implements NamedChoice {
  /** Every sequence has exactly max-length tokens, so every uplink payload has the same size. */
  MAX_LENGTH("max-length", "max_length"),
  /** Sequences are padded to the longest one in the batch. */
  LONGEST("longest", "longest");

  private final String configName;
  private final String tokenizerOption;

  Padding(String configName, String tokenizerOption) {
    this.configName = configName;
    this.tokenizerOption = tokenizerOption;
  }

  @Override
  public String configName() {
    return configName;
  }

  /** The value of the HuggingFace tokenizer's {@code padding} option. */
  public String tokenizerOption() {
    return tokenizerOption;
  }
}
