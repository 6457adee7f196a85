package org.edgetune.data;

import java.util.Arrays;
import java.util.List;

/** How the training set is spread over the devices; config names as in {@code edgetune.data.partition}. */
public enum PartitionScheme {
  IID("iid"),
  DIRICHLET("dirichlet"),
  /** Each device holds the examples of one or more groups (the group field, the corpus folder). */
  BY_GROUP("by-group"),
  /** The former name of {@link #BY_GROUP}, kept so existing configs and results still read. */
  BY_SOURCE("by-source");

  private final String configName;

  PartitionScheme(String configName) {
    this.configName = configName;
  }

  public String configName() {
    return configName;
  }

  public static List<String> configNames() {
    return Arrays.stream(values()).map(PartitionScheme::configName).toList();
  }

  public static PartitionScheme fromConfigName(String name) {
    return Arrays.stream(values())
        .filter(s -> s.configName.equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown partition scheme '" + name + "'"));
  }
}
