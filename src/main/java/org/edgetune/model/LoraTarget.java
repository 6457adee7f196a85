package org.edgetune.model;

/** The Linear layers of a BERT layer that can carry a LoRA adapter, with their HF module paths. */
public enum LoraTarget {
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

  public String configName() {
    return configName;
  }

  /** The HF module name inside layer {@code layer}, e.g. {@code encoder.layer.0.attention.self.query}. */
  public String module(int layer) {
    return "encoder.layer." + layer + "." + modulePath;
  }
}
