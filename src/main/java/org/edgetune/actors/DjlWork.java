package org.edgetune.actors;

import com.typesafe.config.Config;
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
import org.edgetune.model.EngineThreads;
import org.edgetune.train.FederatedSettings;

/**
 * Runs model compute on the bounded DJL dispatcher ({@code edgetune.djl-dispatcher}), never on the
 * actors' default dispatcher. Actors pipe the result (or the failure) back to themselves as a
 * message, so a failing DJL call never kills the actor system. One per actor system (a Pekko
 * extension); it also adds up the time spent in model compute, so a run can report how much of a
 * round the actor layer itself costs.
 *
 * <p>Encoder workers beyond the first get a lane each: a thread of its own that runs that worker's
 * calls one after another, so a worker's model state is only ever touched by one thread. An
 * evaluation that runs beside the rounds gets a thread of its own too. Every thread that runs model
 * work uses {@code edgetune.federated.engine-threads} PyTorch intra-op threads.
 */
public final class DjlWork implements Extension {

  public static final String DISPATCHER = "edgetune.djl-dispatcher";

  private static final ExtensionId<DjlWork> ID =
      new ExtensionId<>() {
        @Override
        public DjlWork createExtension(ActorSystem<?> system) {
          DjlWork work =
              new DjlWork(
                  system.dispatchers().lookup(DispatcherSelector.fromConfig(DISPATCHER)),
                  engineThreads(system));
          system.getWhenTerminated().thenRun(work::closeLanes);
          return work;
        }
      };

  private static final int EVALUATION_LANE = -1;

  private final Executor executor;
  private final int engineThreads;
  private final LongAdder busyNanos = new LongAdder();
  private final Map<Integer, ExecutorService> lanes = new ConcurrentHashMap<>();

  private DjlWork(Executor executor, int engineThreads) {
    this.executor = executor;
    this.engineThreads = engineThreads;
  }

  /**
   * The intra-op threads per model-work thread the system's config asks for (0: the engine's
   * default).
   */
  private static int engineThreads(ActorSystem<?> system) {
    Config config = system.settings().config();
    return config.hasPath(FederatedSettings.SECTION)
        ? FederatedSettings.fromConfig(config)
            .engineThreadsOn(Runtime.getRuntime().availableProcessors())
        : 0;
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
    return submitTo(lane(worker, "edgetune-encoder-worker-" + worker), work);
  }

  /**
   * Runs an evaluation on a thread of its own, beside the encoder workers and the DJL dispatcher.
   */
  public <T> CompletionStage<T> submitEvaluation(Supplier<T> work) {
    return submitTo(lane(EVALUATION_LANE, "edgetune-evaluation"), work);
  }

  private ExecutorService lane(int key, String threadName) {
    return lanes.computeIfAbsent(
        key,
        k ->
            Executors.newSingleThreadExecutor(
                task -> {
                  Thread thread = new Thread(task, threadName);
                  thread.setDaemon(true);
                  return thread;
                }));
  }

  private void closeLanes() {
    lanes.values().forEach(ExecutorService::shutdownNow);
  }

  private <T> CompletionStage<T> submitTo(Executor on, Supplier<T> work) {
    return CompletableFuture.supplyAsync(
        () -> {
          EngineThreads.useOnThisThread(engineThreads);
          long started = System.nanoTime();
          try {
            return work.get();
          } finally {
            busyNanos.add(System.nanoTime() - started);
          }
        },
        on);
  }

  /** Wall time spent inside model compute so far, in seconds. */
  public double busySeconds() {
    return busyNanos.sum() / 1e9;
  }
}
