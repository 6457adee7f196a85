package org.edgetune.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The run's outputs (metrics lines, checkpoints) while an evaluation runs beside the following
 * rounds. An output that depends on the evaluation, or comes after one that does, waits until the
 * evaluation's result is in; then every waiting output is released in the order it was offered,
 * each made from the result. With no evaluation running an output goes out at once. So the files
 * the outputs end up in read exactly as if every evaluation had finished before the next round.
 *
 * <p>At most one evaluation runs at a time: the caller waits for the running one before it starts
 * another.
 *
 * @param <R> an evaluation's result (may be null, for an evaluation that failed)
 * @param <O> an output
 */
public final class DeferredOutput<R, O> {

  private long running = -1;
  private final List<Function<R, O>> waiting = new ArrayList<>();

  /** Whether an evaluation is running. */
  public boolean evaluating() {
    return running >= 0;
  }

  /** The round whose evaluation is running. */
  public long evaluatingRound() {
    if (!evaluating()) {
      throw new IllegalStateException("no evaluation is running");
    }
    return running;
  }

  /** An evaluation of {@code round} has started; outputs offered from now on wait for it. */
  public void started(long round) {
    if (round < 0) {
      throw new IllegalArgumentException("round must be >= 0: " + round);
    }
    if (evaluating()) {
      throw new IllegalStateException(
          "the evaluation of round "
              + running
              + " is still running; round "
              + round
              + " must wait for it");
    }
    running = round;
  }

  /**
   * An output made from the running evaluation's result, or at once (from {@code null}) when none
   * runs. Returns what can go out now, in order: the output itself, or nothing.
   */
  public List<O> offer(Function<R, O> output) {
    if (!evaluating()) {
      return List.of(output.apply(null));
    }
    waiting.add(output);
    return List.of();
  }

  /**
   * The evaluation of {@code round} finished with {@code result}: returns the waiting outputs, made
   * from it, in the order they were offered. A result for another round is refused.
   */
  public List<O> finished(long round, R result) {
    if (!evaluating() || round != running) {
      throw new IllegalStateException(
          "no evaluation of round "
              + round
              + " is running"
              + (evaluating() ? " (round " + running + "'s is)" : ""));
    }
    List<O> released = waiting.stream().map(output -> output.apply(result)).toList();
    waiting.clear();
    running = -1;
    return released;
  }
}
