package org.edgetune.actors;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
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
 */
public final class DjlWork implements Extension {

  public static final String DISPATCHER = "edgetune.djl-dispatcher";

  private static final ExtensionId<DjlWork> ID = new ExtensionId<>() {
    @Override
    public DjlWork createExtension(ActorSystem<?> system) {
      return new DjlWork(system.dispatchers().lookup(DispatcherSelector.fromConfig(DISPATCHER)));
    }
  };

  private final Executor executor;
  private final LongAdder busyNanos = new LongAdder();

  private DjlWork(Executor executor) {
    this.executor = executor;
  }

  public static DjlWork of(ActorSystem<?> system) {
    return system.registerExtension(ID);
  }

  public <T> CompletionStage<T> submit(Supplier<T> work) {
    return CompletableFuture.supplyAsync(() -> {
      long started = System.nanoTime();
      try {
        return work.get();
      } finally {
        busyNanos.add(System.nanoTime() - started);
      }
    }, executor);
  }

  /** Wall time spent inside model compute so far, in seconds. */
  public double busySeconds() {
    return busyNanos.sum() / 1e9;
  }
}
