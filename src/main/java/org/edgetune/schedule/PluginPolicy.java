package org.edgetune.schedule;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A policy from {@code class:NAME}, guarded: each decision runs on a thread of its own with a copy
 * of the round's input and a timeout ({@code edgetune.schedule.plugin-timeout-ms}); past it the
 * thread is interrupted and the run fails. What the policy throws fails the run too, naming the
 * class and the round. (A policy that ignores interruption keeps its thread, a daemon, until the
 * JVM exits; the run has stopped by then.)
 */
final class PluginPolicy implements SchedulingPolicy {

  private final String className;
  private final SchedulingPolicy delegate;
  private final Duration timeout;
  private final ThreadPoolExecutor executor;

  PluginPolicy(String className, SchedulingPolicy delegate, Duration timeout) {
    this.className = className;
    this.delegate = delegate;
    this.timeout = timeout;
    // One thread, which ends when idle between rounds, so a finished run leaves none behind.
    this.executor =
        new ThreadPoolExecutor(
            1,
            1,
            1,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            task -> {
              Thread t = new Thread(task, "policy-" + className);
              t.setDaemon(true);
              // What the policy loads by name (ServiceLoader, resources) comes from its own jar.
              t.setContextClassLoader(delegate.getClass().getClassLoader());
              return t;
            });
    executor.allowCoreThreadTimeOut(true);
  }

  /** {@code class:NAME}: the name the run's config, metrics and checkpoints carry. */
  @Override
  public String name() {
    return PolicyPlugin.PREFIX + className;
  }

  @Override
  public RoundDecision decide(RoundInput input) {
    RoundInput copy =
        new RoundInput(
            input.round(), input.horizon(), List.copyOf(input.reports()), input.queues().copy());
    Future<RoundDecision> decision = executor.submit(() -> delegate.decide(copy));
    try {
      return decision.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      decision.cancel(true);
      throw new PolicyFailedException(
          name(),
          input.round(),
          "took longer than its timeout of "
              + timeout.toMillis()
              + " ms (edgetune.schedule.plugin-timeout-ms)");
    } catch (ExecutionException e) {
      throw new PolicyFailedException(name(), input.round(), "threw " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      decision.cancel(true);
      Thread.currentThread().interrupt();
      throw new PolicyFailedException(name(), input.round(), "interrupted while deciding");
    }
  }

  /** Plugins bank no credit: their queues floor at 0 (see {@link SchedulingPolicy#creditJ}). */
  @Override
  public double creditJ() {
    return 0;
  }

  @Override
  public Map<String, Long> state() {
    Map<String, Long> state;
    try {
      state = delegate.state();
    } catch (RuntimeException e) {
      throw new PolicyFailedException(
          name(), "when its state was taken for a checkpoint", "state() threw " + e, e);
    }
    if (state == null) {
      throw new PolicyFailedException(
          name(), "when its state was taken for a checkpoint", "state() returned null", null);
    }
    return Map.copyOf(state);
  }

  @Override
  public void restore(Map<String, Long> state) {
    try {
      delegate.restore(state);
    } catch (IllegalArgumentException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "policy " + className + " refused its checkpointed state: " + e, e);
    }
  }
}
