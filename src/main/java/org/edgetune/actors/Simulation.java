package org.edgetune.actors;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorSystem;
import org.edgetune.checkpoint.CannotResumeException;
import org.edgetune.checkpoint.Checkpoint;
import org.edgetune.checkpoint.CheckpointStore;
import org.edgetune.data.Partitioner;
import org.edgetune.data.Shard;
import org.edgetune.data.TrainTestSplit;
import org.edgetune.faults.FaultLog;
import org.edgetune.model.AdamW;
import org.edgetune.model.LabeledTokens;
import org.edgetune.model.SplitLoraModel;
import org.edgetune.model.TextTokenizer;
import org.edgetune.output.OutputDirectory;
import org.edgetune.schedule.Policies;
import org.edgetune.schedule.Scheduler;
import org.edgetune.sim.ResumePoint;
import org.edgetune.sim.RoundRecord;
import org.edgetune.sim.RunFailedException;
import org.edgetune.sim.RunResult;
import org.edgetune.sim.SimulationSettings;
import org.edgetune.train.DeviceTrainer;
import org.edgetune.train.Evaluator;
import org.edgetune.train.ServerTrainer;
import org.edgetune.wireless.Cell;
import org.edgetune.wireless.DeviceProfile;
import org.edgetune.wireless.WirelessModel;

/**
 * A single-JVM split federated simulation: builds the domain parts from the settings (shards,
 * device placement, scheduler, server state), runs them in a Pekko actor system until the last
 * round — from round 0, or from a checkpoint — and returns the result. The frozen model is loaded
 * once by the caller and shared by every actor in the JVM.
 */
public final class Simulation {

  /**
   * Pekko logs through SLF4J (Logback), like the rest of EdgeTune; every ActorSystem we start uses
   * it.
   */
  public static final Config LOGGING =
      ConfigFactory.parseString(
          """
      pekko.loggers = ["org.apache.pekko.event.slf4j.Slf4jLogger"]
      pekko.logging-filter = "org.apache.pekko.event.slf4j.Slf4jLoggingFilter"
      pekko.loglevel = INFO
      pekko.log-dead-letters-during-shutdown = off
      """);

  /** Pekko settings of a local simulation; everything else comes from the library defaults. */
  private static final Config LOCAL =
      ConfigFactory.parseString("pekko.actor.provider = local").withFallback(LOGGING);

  private Simulation() {}

  public static RunResult run(
      SimulationSettings settings,
      Config config,
      SplitLoraModel model,
      TextTokenizer tokenizer,
      TrainTestSplit split,
      OutputDirectory out,
      Consumer<RoundRecord> progress) {
    return execute(
        settings,
        config,
        parts(settings, model, tokenizer, split),
        out,
        RoundDriver.Start.INSTANCE,
        progress);
  }

  /**
   * Continues a stopped run in {@code out} from its checkpoint: restores the server and scheduler
   * state, cuts {@code metrics.jsonl} back to the checkpoint's rounds and plays the rest. The
   * result covers the whole run.
   *
   * @throws CannotResumeException if the checkpoint does not fit this run's model or config
   */
  public static RunResult resume(
      SimulationSettings settings,
      Config config,
      SplitLoraModel model,
      TextTokenizer tokenizer,
      TrainTestSplit split,
      OutputDirectory out,
      ResumePoint from,
      Consumer<RoundRecord> progress) {
    SimulationGuardian.Parts parts = parts(settings, model, tokenizer, split);
    Checkpoint checkpoint = from.checkpoint();
    try {
      parts.server().restore(checkpoint.server());
      parts.scheduler().restore(checkpoint.scheduler());
    } catch (IllegalArgumentException e) {
      throw new CannotResumeException(
          "checkpoint " + from.file() + " does not fit the run's config: " + e.getMessage(), e);
    }
    out.truncateMetrics(checkpoint.metricsLines());
    RoundDriver.Resume start =
        new RoundDriver.Resume(checkpoint.nextRound(), from.earlier(), checkpoint.lastScores());
    return execute(settings, config, parts, out, start, progress);
  }

  private static RunResult execute(
      SimulationSettings settings,
      Config config,
      SimulationGuardian.Parts parts,
      OutputDirectory out,
      RoundDriver.Command start,
      Consumer<RoundRecord> progress) {
    CheckpointStore checkpoints = CheckpointStore.ofRun(out.path(), settings.checkpoint());
    CompletableFuture<RunResult> done = new CompletableFuture<>();
    ActorSystem<Void> system =
        ActorSystem.create(
            SimulationGuardian.create(parts, out, checkpoints, start, progress, done),
            "edgetune",
            LOCAL.withFallback(config));
    return awaitResult(system, done);
  }

  /**
   * Waits for the run that {@code system} hosts, then terminates the system (on a cluster node this
   * leaves the cluster gracefully).
   */
  public static RunResult awaitResult(ActorSystem<?> system, CompletableFuture<RunResult> done) {
    try {
      return done.get().withModelComputeSeconds(DjlWork.of(system).busySeconds());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("simulation interrupted", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RunFailedException failed) {
        throw failed;
      }
      throw new IllegalStateException(
          "simulation failed: " + e.getCause().getMessage(), e.getCause());
    } finally {
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().join();
    }
  }

  static SimulationGuardian.Parts parts(
      SimulationSettings settings,
      SplitLoraModel model,
      TextTokenizer tokenizer,
      TrainTestSplit split) {
    return serverParts(settings, model, tokenizer, split)
        .withDevices(devices(settings, model, tokenizer, split));
  }

  /** The devices of a run: each one's trainer over its private shard, and its place in the cell. */
  public record Devices(List<DeviceTrainer> trainers, List<DeviceProfile> profiles) {}

  /**
   * Builds every device from the training split: the partition is a function of the seed, so any
   * node that holds the corpus builds the same device k (a cluster's device nodes rely on it).
   */
  public static Devices devices(
      SimulationSettings settings,
      SplitLoraModel model,
      TextTokenizer tokenizer,
      TrainTestSplit split) {
    long seed = settings.seed();
    LabeledTokens train = LabeledTokens.of(split.train(), tokenizer);
    List<Shard> shards =
        Partitioner.of(settings.data()).partition(split.train(), settings.devices(), seed);
    List<DeviceTrainer> trainers = new ArrayList<>(shards.size());
    for (Shard shard : shards) {
      int[] rows = shard.indices().stream().mapToInt(Integer::intValue).toArray();
      trainers.add(
          new DeviceTrainer(
              shard.device(),
              train.rows(rows),
              model.deviceSide(),
              seed,
              settings.train().batchSize(),
              settings.federated().localLearningRate(),
              settings.privacy()));
    }
    List<DeviceProfile> profiles = Cell.place(settings.wirelessFor(model.dims()), seed);
    return new Devices(trainers, profiles);
  }

  /**
   * The server's parts (no device; a cluster's server node never holds a training shard): the
   * encoder's trainer, the evaluator on the test split, the scheduler and the driver's plan.
   */
  public static SimulationGuardian.Parts serverParts(
      SimulationSettings settings,
      SplitLoraModel model,
      TextTokenizer tokenizer,
      TrainTestSplit split) {
    long seed = settings.seed();
    int k = settings.devices();
    LabeledTokens test = LabeledTokens.of(split.test(), tokenizer);
    WirelessModel wirelessModel = new WirelessModel(settings.wirelessFor(model.dims()));
    Scheduler scheduler =
        new Scheduler(
            Policies.create(
                settings.schedule().policy(), settings.schedule(), wirelessModel, k, seed),
            wirelessModel,
            settings.schedule(),
            k);
    ServerTrainer server =
        new ServerTrainer(
            model.serverSide(),
            model.initialLora(seed),
            model.initialHead(seed),
            AdamW.of(settings.train().learningRate(), settings.train().weightDecay()),
            settings.federated().localLearningRate(),
            settings.train().localSteps(),
            seed,
            settings.train().trainable());
    Evaluator evaluator = new Evaluator(model, test, settings.train().evalBatchSize());
    RoundDriver.Plan plan =
        new RoundDriver.Plan(
            settings.rounds(),
            settings.train().localSteps(),
            settings.federated().evalEvery(),
            settings.federated().roundTimeout(),
            k,
            settings.federated().roundRetries(),
            settings.federated().overlapEvaluation());
    return new SimulationGuardian.Parts(
        List.of(),
        List.of(),
        seed,
        server,
        evaluator,
        scheduler,
        plan,
        settings.federated().reportTimeout(),
        settings.federated().stepTimeout(),
        settings.federated().batchEncoder(),
        settings.federated().encoderWorkers(),
        settings.faults(),
        new FaultLog());
  }
}
