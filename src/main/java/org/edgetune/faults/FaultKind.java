package org.edgetune.faults;

import org.edgetune.config.NamedChoice;

/**
 * What can go wrong (DESIGN.md §7), by the name used in the config. Device kinds hit one device in
 * one round; server kinds hit the edge server in one round.
 */
public enum FaultKind implements NamedChoice {
  /** The device process dies mid-step and is restarted by its supervisor; it misses the round. */
  DEVICE_CRASH("device-crash", true),
  /** Messages to and from the device are lost, each with a probability. */
  MESSAGE_LOSS("message-loss", true),
  /** The device starts its local steps late, past the round deadline. */
  STRAGGLER("straggler", true),
  /** The device's channel is in outage: it reports itself unavailable and cannot be scheduled. */
  CHANNEL_OUTAGE("channel-outage", true),
  /**
   * The server's encoder work crashes during a pass; the server restarts and the round is retried.
   */
  ENCODER_CRASH("encoder-crash", false),
  /**
   * An encoder worker of the edge server throws in the round's first pass; it is replaced by a
   * fresh one and the round is retried on the workers that did not crash.
   */
  WORKER_CRASH("worker-crash", false),
  /**
   * The edge server actor crashes while starting or aggregating the round; it restarts, the round
   * is retried.
   */
  SERVER_CRASH("server-crash", false),
  /** A device node leaves the cluster (cluster mode only). */
  NODE_LOSS("node-loss", true),
  /**
   * The encoder node that runs the round's first pass on a node halts, like kill -9 (cluster mode
   * with encoder nodes only); its devices' work is redone on the other encoder workers.
   */
  ENCODER_NODE_LOSS("encoder-node-loss", false);

  private final String configName;
  private final boolean perDevice;

  FaultKind(String configName, boolean perDevice) {
    this.configName = configName;
    this.perDevice = perDevice;
  }

  @Override
  public String configName() {
    return configName;
  }

  /** Whether the fault targets one device (else it targets the server). */
  public boolean perDevice() {
    return perDevice;
  }
}
