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
import org.edgetune.checkpoint.ResumePoint;
import org.edgetune.data.Partitioner;
import org.edgetune.data.Shard;
import org.edgetune.data.TrainTestSplit;
import org.edgetune.faults.FaultLog;
import org.edgetune.model.AdamW;
import org.edgetune.model.SplitLoraModel;
import org.edgetune.model.TextTokenizer;
import org.edgetune.report.OutputDirectory;
import org.edgetune.schedule.Policies;
import org.edgetune.schedule.Scheduler;
import org.edgetune.sim.RoundRecord;
import org.edgetune.sim.RunResult;
import org.edgetune.sim.SimulationSettings;
import org.edgetune.train.DeviceTrainer;
import org.edgetune.train.Evaluator;
import org.edgetune.train.LabeledTokens;
import org.edgetune.train.ServerTrainer;
import org.edgetune.wireless.Cell;
import org.edgetune.wireless.DeviceProfile;
import org.edgetune.wireless.WirelessModel;
import org.edgetune.wireless.WirelessSettings;

/**
 * A single-JVM split federated simulation: builds the domain parts from the settings (shards,
 * device placement, scheduler, server state), runs them in a Pekko actor system until the last
 * round — from round 0, or from a checkpoint — and returns the result. The frozen model is loaded once by the caller and shared by every
 * actor in the JVM.
 */
public final class Simulation {

  /** Pekko settings of a local simulation; everything else comes from the library defaults. */
  private static final Config LOCAL = ConfigFactory.parseString("""
      pekko.actor.provider = local
      pekko.loggers = ["org.apache.pekko.event.slf4j.Slf4jLogger"]
      pekko.logging-filter = "org.apache.pekko.event.slf4j.Slf4jLoggingFilter"
      pekko.loglevel = INFO
      pekko.log-dead-letters-during-shutdown = off
      """);

  private Simulation() {}

  public static RunResult run(
      SimulationSettings settings,
      Config config,
      SplitLoraModel model,
      TextTokenizer tokenizer,
      TrainTestSplit split,
      OutputDirectory out,
      Consumer<RoundRecord> progress) {
    return execute(settings, config, parts(settings, model, tokenizer, split), out, RoundDriver.Start.INSTANCE, progress);
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
      throw new CannotResumeException("checkpoint " + from.file() + " does not fit the run's config: " + e.getMessage(), e);
    }
    out.truncateMetrics(checkpoint.metricsLines());
    RoundDriver.Resume start = new RoundDriver.Resume(checkpoint.nextRound(), from.earlier(), checkpoint.lastScores());
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
    ActorSystem<Void> system = ActorSystem.create(
        SimulationGuardian.create(parts, out, checkpoints, start, progress, done), "edgetune", LOCAL.withFallback(config));
    try {
      return done.get().withModelComputeSeconds(DjlWork.of(system).busySeconds());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("simulation interrupted", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("simulation failed: " + e.getCause().getMessage(), e.getCause());
    } finally {
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().join();
    }
  }

  static SimulationGuardian.Parts parts(
      SimulationSettings settings, SplitLoraModel model, TextTokenizer tokenizer, TrainTestSplit split) {
    long seed = settings.seed();
    int k = settings.devices();
    LabeledTokens train = LabeledTokens.of(split.train(), tokenizer);
    LabeledTokens test = LabeledTokens.of(split.test(), tokenizer);
    List<Shard> shards = Partitioner.of(settings.data()).partition(split.train(), k, seed);
    WirelessSettings wireless = settings.wirelessFor(model.dims().hidden());
    List<DeviceProfile> profiles = Cell.place(wireless, seed);
    double localLr = settings.federated().localLearningRate();
    List<DeviceTrainer> devices = new ArrayList<>(k);
    for (Shard shard : shards) {
      int[] rows = shard.indices().stream().mapToInt(Integer::intValue).toArray();
      devices.add(new DeviceTrainer(
          shard.device(), train.rows(rows), model.deviceSide(), seed, settings.train().batchSize(), localLr));
    }
    WirelessModel wirelessModel = new WirelessModel(wireless);
    Scheduler scheduler = new Scheduler(
        Policies.create(settings.schedule().policy(), settings.schedule(), wirelessModel, k, seed),
        wirelessModel, settings.schedule(), k);
    ServerTrainer server = new ServerTrainer(
        model.serverSide(), model.initialLora(seed), model.initialHead(seed),
        AdamW.of(settings.train().learningRate(), settings.train().weightDecay()),
        localLr, settings.train().localSteps(), seed);
    Evaluator evaluator = new Evaluator(model, test, settings.train().evalBatchSize());
    RoundDriver.Plan plan = new RoundDriver.Plan(
        settings.rounds(), settings.train().localSteps(), settings.federated().evalEvery(),
        settings.federated().roundTimeout(), k, settings.federated().roundRetries());
    return new SimulationGuardian.Parts(
        devices, profiles, seed, server, evaluator, scheduler, plan, settings.federated().reportTimeout(),
        settings.federated().stepTimeout(), settings.federated().batchEncoder(), settings.faults(), new FaultLog());
  }
}
