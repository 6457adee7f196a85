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
 * thread. The edge server replaces the worker and the round runs again on the others. Each round
 * is hit once at most, so its retry runs clean; the set of hit rounds outlives server restarts.
 */
public final class WorkerCrashes {

  /** No worker ever crashes on purpose. */
  public static final WorkerCrashes NONE = new WorkerCrashes(FaultPlan.NONE, new FaultLog());

  /** What a crashing worker throws. */
  public static final class Crashed extends RuntimeException {
    private final int worker;

    Crashed(int worker, String message) {
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

  public WorkerCrashes(FaultPlan plan, FaultLog log) {
    this.plan = plan;
    this.log = log;
  }

  /** Whether the pass about to start on {@code worker} in {@code round} crashes it: the reason, or null. */
  String strike(long round, int worker) {
    if (plan.strike(FaultKind.WORKER_CRASH, Fault.ALL_DEVICES, round).isPresent() && hit.add(round)) {
      log.injected(round, FaultKind.WORKER_CRASH.configName());
      return "encoder worker " + worker + " crashed mid-pass in round " + round + " (worker-crash)";
    }
    return null;
  }

  /** The worker crash behind a failed pass, or null if the pass failed otherwise. */
  static Crashed crashed(Throwable failure) {
    Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    return cause instanceof Crashed crashed ? crashed : null;
  }
}
