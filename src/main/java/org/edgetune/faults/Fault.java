package org.edgetune.faults;

import java.time.Duration;

/**
 * One scheduled fault of a plan: in round {@code round}, {@code kind} hits device {@code target}
 * ({@link #ALL_DEVICES} for every device; ignored by server kinds).
 *
 * @param probability for message loss: the chance that each message is lost
 * @param delay for a straggler: how late the device starts its local steps
 */
public record Fault(long round, FaultKind kind, int target, double probability, Duration delay) {

  public static final int ALL_DEVICES = -1;

  public boolean hits(FaultKind kind, int device, long round) {
    return this.kind == kind
        && this.round == round
        && (!kind.perDevice() || target == ALL_DEVICES || target == device);
  }

  /**
   * How the fault appears in a round's metrics, e.g. {@code device-crash:2} or {@code
   * server-crash}.
   */
  public String label() {
    return kind.perDevice() && target != ALL_DEVICES
        ? kind.configName() + ":" + target
        : kind.configName();
  }
}
