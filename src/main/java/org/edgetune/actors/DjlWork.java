package org.edgetune.actors;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;

/**
 * Runs model compute on the bounded DJL dispatcher ({@code edgetune.djl-dispatcher}), never on the
 * actors' default dispatcher. Actors pipe the result (or the failure) back to themselves as a
 * message, so a failing DJL call never kills the actor system. One per actor system (a Pekko
 * extension); it also adds up the time spent in model compute, so a run can report how much of a
 * round the actor layer itself costs.
 *
 * <p>Encoder workers beyond the first get a lane each: a thread of its own that runs that worker's
 * calls one after another, so a worker's model state is only ever touched by one thread.
 */
public final class DjlWork implements Extension {

  public static final String DISPATCHER = "edgetune.djl-dispatcher";

  private static final ExtensionId<DjlWork> ID = new ExtensionId<>() {
    @Override
    public DjlWork createExtension(ActorSystem<?> system) {
      DjlWork work = new DjlWork(system.dispatchers().lookup(DispatcherSelector.fromConfig(DISPATCHER)));
      system.getWhenTerminated().thenRun(work::closeLanes);
      return work;
    }
  };

  private final Executor executor;
  private final LongAdder busyNanos = new LongAdder();
  private final Map<Integer, ExecutorService> lanes = new ConcurrentHashMap<>();

  private DjlWork(Executor executor) {
    this.executor = executor;
  }

  public static DjlWork of(ActorSystem<?> system) {
    return system.registerExtension(ID);
  }

  public <T> CompletionStage<T> submit(Supplier<T> work) {
    return submitTo(executor, work);
  }

  /**
   * Runs the work of encoder worker {@code worker} of {@code workers}: on the DJL dispatcher when
   * there is one worker (as all model work), else on the worker's own lane, in submission order.
   */
  public <T> CompletionStage<T> submit(int worker, int workers, Supplier<T> work) {
    if (workers == 1) {
      return submit(work);
    }
    return submitTo(lanes.computeIfAbsent(worker, w -> Executors.newSingleThreadExecutor(task -> {
      Thread thread = new Thread(task, "edgetune-encoder-worker-" + w);
      thread.setDaemon(true);
      return thread;
    })), work);
  }

  private void closeLanes() {
    lanes.values().forEach(ExecutorService::shutdownNow);
  }

  private <T> CompletionStage<T> submitTo(Executor on, Supplier<T> work) {
    return CompletableFuture.supplyAsync(() -> {
      long started = System.nanoTime();
      try {
        return work.get();
      } finally {
        busyNanos.add(System.nanoTime() - started);
      }
    }, on);
  }

  /** Wall time spent inside model compute so far, in seconds. */
  public double busySeconds() {
    return busyNanos.sum() / 1e9;
  }
}
