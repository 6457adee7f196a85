package org.edgetune.actors;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;

/**
 * Runs model compute on the bounded DJL dispatcher ({@code edgetune.djl-dispatcher}), never on the
 * actors' default dispatcher. Actors pipe the result (or the failure) back to themselves as a
 * message, so a failing DJL call never kills the actor system.
 */
public final class DjlWork {

  public static final String DISPATCHER = "edgetune.djl-dispatcher";

  private final Executor executor;

  private DjlWork(Executor executor) {
    this.executor = executor;
  }

  public static DjlWork of(ActorSystem<?> system) {
    return new DjlWork(system.dispatchers().lookup(DispatcherSelector.fromConfig(DISPATCHER)));
  }

  public <T> CompletionStage<T> submit(Supplier<T> work) {
    return CompletableFuture.supplyAsync(work, executor);
  }
}
