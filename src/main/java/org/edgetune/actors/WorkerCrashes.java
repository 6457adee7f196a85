package org.edgetune.actors;

import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import org.edgetune.faults.Fault;
import org.edgetune.faults.FaultKind;
import org.edgetune.faults.FaultLog;
import org.edgetune.faults.FaultPlan;

/**
 * The {@code worker-crash} fault: an encoder worker throws in the round's first pass, on its own
 * thread; and {@code encoder-node-loss}: the encoder node that runs the round's first pass on a
 * node halts, like kill -9. The edge server replaces the worker (or gives up the node) and the
 * round runs again on the others. Each round is hit once at most per kind, so its retry runs clean;
 * the rounds hit outlive server restarts.
 */
public final class WorkerCrashes {

  /** No worker ever crashes on purpose. */
  public static final WorkerCrashes NONE = new WorkerCrashes(FaultPlan.NONE, new FaultLog());

  /** What a crashing worker throws. */
  public static final class Crashed extends RuntimeException {
    private final int worker;

    public Crashed(int worker, String message) {
      super(message);
      this.worker = worker;
    }

    public int worker() {
      return worker;
    }
  }

  private final FaultPlan plan;
  private final FaultLog log;
  private final Set<Long> hit = ConcurrentHashMap.newKeySet();
  private final Set<Long> nodesHit = ConcurrentHashMap.newKeySet();

  /**
   * An injected crash of the pass about to start: why, and whether it takes its whole encoder node
   * down.
   */
  public record Strike(String reason, boolean haltNode) {}

  public WorkerCrashes(FaultPlan plan, FaultLog log) {
    this.plan = plan;
    this.log = log;
  }

  /**
   * Whether the pass about to start on {@code worker} in {@code round} crashes it, or null.
   *
   * @param remote whether the worker runs on an encoder node (only those can be lost with their
   *     node)
   */
  Strike strike(long round, int worker, boolean remote) {
    if (remote
        && plan.strike(FaultKind.ENCODER_NODE_LOSS, Fault.ALL_DEVICES, round).isPresent()
        && nodesHit.add(round)) {
      log.injected(round, FaultKind.ENCODER_NODE_LOSS.configName());
      return new Strike(
          "the encoder node of worker "
              + worker
              + " halts in round "
              + round
              + " (encoder-node-loss)",
          true);
    }
    if (plan.strike(FaultKind.WORKER_CRASH, Fault.ALL_DEVICES, round).isPresent()
        && hit.add(round)) {
      log.injected(round, FaultKind.WORKER_CRASH.configName());
      return new Strike(
          "encoder worker " + worker + " crashed mid-pass in round " + round + " (worker-crash)",
          false);
    }
    return null;
  }

  /** The worker crash behind a failed pass, or null if the pass failed otherwise. */
  static Crashed crashed(Throwable failure) {
    Throwable cause =
        failure instanceof CompletionException && failure.getCause() != null
            ? failure.getCause()
            : failure;
    return cause instanceof Crashed crashed ? crashed : null;
  }
}
