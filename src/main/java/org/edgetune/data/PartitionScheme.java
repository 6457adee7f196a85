package org.edgetune.data;

import org.edgetune.config.NamedChoice;

/**
 * How the training set is spread over the devices; config names as in {@code
 * edgetune.data.partition}.
 */
public enum PartitionScheme implements NamedChoice {
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

  @Override
  public String configName() {
    return configName;
  }
}
