package org.edgetune.model;

import org.edgetune.config.NamedChoice;

/** How the encoder's hidden states become one feature vector per sequence. */
public enum Pooling implements NamedChoice {
  /** The [CLS] row: only b × d values cross the downlink. */
  CLS("cls"),
  /** The mean over non-padding positions. */
  MEAN("mean");

  private final String configName;

  Pooling(String configName) {
    this.configName = configName;
  }

  @Override
  public String configName() {
    return configName;
  }
}
