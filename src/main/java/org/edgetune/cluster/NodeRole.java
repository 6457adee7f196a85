package org.edgetune.cluster;

/** The kinds of cluster node (DESIGN.md §6), by their Pekko cluster role names. */
public enum NodeRole {
  /** Edge server, scheduler (a Cluster Singleton), round driver and metrics. */
  SERVER("server"),
  /** Hosts device entities (Cluster Sharding), with their private shards. */
  DEVICE("device"),
  /** Runs an encoder worker of the edge server (found through the Receptionist); holds no data. */
  ENCODER("encoder");

  private final String roleName;

  NodeRole(String roleName) {
    this.roleName = roleName;
  }

  public String roleName() {
    return roleName;
  }
}
