package org.edgetune.model;

import org.edgetune.config.NamedChoice;

/** The Linear layers of a BERT layer that can carry a LoRA adapter, with their HF module paths. */
public enum LoraTarget implements NamedChoice {
  QUERY("query", "attention.self.query"),
  KEY("key", "attention.self.key"),
  VALUE("value", "attention.self.value"),
  ATTENTION_OUTPUT("attention-output", "attention.output.dense"),
  INTERMEDIATE("intermediate", "intermediate.dense"),
  OUTPUT("output", "output.dense");

  private final String configName;
  private final String modulePath;

  LoraTarget(String configName, String modulePath) {
    this.configName = configName;
    this.modulePath = modulePath;
  }

  @Override
  public String configName() {
    return configName;
  }

  /**
   * The HF module name inside layer {@code layer}, e.g. {@code
   * encoder.layer.0.attention.self.query}.
   */
  public String module(int layer) {
    return "encoder.layer." + layer + "." + modulePath;
  }
}
