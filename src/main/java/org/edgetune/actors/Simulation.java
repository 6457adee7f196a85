package org.edgetune.actors;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorSystem;
import org.edgetune.assembly.RunAssembly;
import org.edgetune.assembly.RunInputs;
import org.edgetune.assembly.RunParts;
import org.edgetune.checkpoint.CannotResumeException;
import org.edgetune.checkpoint.Checkpoint;
import org.edgetune.checkpoint.CheckpointStore;
import org.edgetune.output.OutputDirectory;
import org.edgetune.sim.ResumePoint;
import org.edgetune.sim.RoundRecord;
import org.edgetune.sim.RunFailedException;
import org.edgetune.sim.RunResult;

/**
 * A single-JVM split federated simulation: has {@link RunAssembly} build the domain parts from the
 * run's inputs (shards, device placement, scheduler, server state), runs them in a Pekko actor
 * system until the last round — from round 0, or from a checkpoint — and returns the result. The
 * frozen model is loaded once by the caller and shared by every actor in the JVM.
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

  /** Runs {@code in} from round 0 into {@code out}. */
  public static RunResult run(RunInputs in, OutputDirectory out, Consumer<RoundRecord> progress) {
    return execute(in, RunAssembly.oneJvm(in), out, RoundDriver.Start.INSTANCE, progress);
  }

  /**
   * Continues a stopped run in {@code out} from its checkpoint: restores the server and scheduler
   * state, cuts {@code metrics.jsonl} back to the checkpoint's rounds and plays the rest. The
   * result covers the whole run.
   *
   * @throws CannotResumeException if the checkpoint does not fit this run's model or config
   */
  public static RunResult resume(
      RunInputs in, OutputDirectory out, ResumePoint from, Consumer<RoundRecord> progress) {
    RunParts parts = RunAssembly.oneJvm(in);
    Checkpoint checkpoint = from.checkpoint();
    try {
      parts.server().trainer().restore(checkpoint.server());
      parts.scheduler().scheduler().restore(checkpoint.scheduler());
    } catch (IllegalArgumentException e) {
      throw new CannotResumeException(
          "checkpoint " + from.file() + " does not fit the run's config: " + e.getMessage(), e);
    }
    out.truncateMetrics(checkpoint.metricsLines());
    RoundDriver.Resume start =
        new RoundDriver.Resume(checkpoint.nextRound(), from.earlier(), checkpoint.lastScores());
    return execute(in, parts, out, start, progress);
  }

  private static RunResult execute(
      RunInputs in,
      RunParts parts,
      OutputDirectory out,
      RoundDriver.Command start,
      Consumer<RoundRecord> progress) {
    CheckpointStore checkpoints = CheckpointStore.ofRun(out.path(), in.settings().checkpoint());
    CompletableFuture<RunResult> done = new CompletableFuture<>();
    ActorSystem<Void> system =
        ActorSystem.create(
            SimulationGuardian.create(parts, out, checkpoints, start, progress, done),
            "edgetune",
            LOCAL.withFallback(in.config()));
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
}
