package org.edgetune.actors;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.edgetune.assembly.InjectedFaults;
import org.edgetune.assembly.RunParts;
import org.edgetune.assembly.SchedulerParts;
import org.edgetune.checkpoint.CheckpointStore;
import org.edgetune.output.OutputDirectory;
import org.edgetune.sim.RoundRecord;
import org.edgetune.sim.RunResult;
import org.edgetune.train.DeviceTrainer;
import org.edgetune.wireless.DeviceProfile;

/**
 * The actors of a run and their supervision, declared once for both ways of running: one JVM
 * ({@link SimulationGuardian}) and a cluster (the server and device nodes). Device and server state
 * lives outside the behaviours, so a restart keeps the shard, the head copy, the random streams and
 * the LoRA state; only the in-flight step is lost. Faults are wrapped around the behaviours, inside
 * the supervision, so an injected crash restarts like a real one.
 */
public final class RunActors {

  /** The server side of a running job: the driver to watch and the sink to tell when it stops. */
  public record Started(ActorRef<RoundDriver.Command> driver, ActorRef<MetricsSink.Command> sink) {}

  private RunActors() {}

  /**
   * One device, wherever it runs.
   *
   * @param loseNode what a node-loss fault does to the node hosting the device (cluster runs only)
   */
  public static Behavior<DeviceActor.Command> device(
      DeviceTrainer trainer,
      DeviceProfile profile,
      long seed,
      InjectedFaults faults,
      Runnable loseNode) {
    return Behaviors.supervise(
            DeviceFaults.wrap(
                DeviceActor.create(trainer, profile, seed),
                profile.id(),
                faults.plan(),
                faults.log(),
                loseNode))
        .onFailure(
            SupervisorStrategy.restartWithBackoff(
                Duration.ofMillis(50), Duration.ofSeconds(2), 0.2));
  }

  /** The scheduler; a failed decision resumes it with its queues as they were. */
  public static Behavior<SchedulerActor.Command> scheduler(
      SchedulerParts parts, Map<Integer, ActorRef<DeviceActor.Command>> devices) {
    return Behaviors.supervise(
            SchedulerActor.create(parts.scheduler(), Map.copyOf(devices), parts.reportTimeout()))
        .onFailure(SupervisorStrategy.resume());
  }

  /**
   * Spawns the metrics sink, the edge server and the round driver as children of {@code context},
   * watches the driver and starts it with {@code start}.
   *
   * @param encoderNodes encoder workers on nodes of the encoder role ({@link EncoderNodes#NONE} in
   *     one JVM)
   */
  public static Started startServerSide(
      ActorContext<?> context,
      RunParts parts,
      Map<Integer, ActorRef<DeviceActor.Command>> devices,
      ActorRef<SchedulerActor.Command> scheduler,
      EncoderNodes encoderNodes,
      OutputDirectory out,
      CheckpointStore checkpoints,
      RoundDriver.Command start,
      Consumer<RoundRecord> progress,
      CompletableFuture<RunResult> done) {
    ActorRef<MetricsSink.Command> sink =
        context.spawn(
            MetricsSink.create(out, checkpoints, progress, done),
            "metrics",
            DispatcherSelector.blocking());
    InjectedFaults faults = parts.faults();
    ActorRef<EdgeServerActor.Command> server =
        context.spawn(
            Behaviors.supervise(
                    ServerFaults.wrap(
                        EdgeServerActor.create(
                            parts.server(),
                            encoderNodes,
                            new WorkerCrashes(faults.plan(), faults.log())),
                        faults.plan(),
                        faults.log()))
                .onFailure(
                    SupervisorStrategy.restartWithBackoff(
                        Duration.ofMillis(100), Duration.ofSeconds(5), 0.2)),
            EdgeServerActor.NAME);
    ActorRef<RoundDriver.Command> driver =
        context.spawn(
            RoundDriver.create(
                parts.plan(), scheduler, server, Map.copyOf(devices), sink, faults.log()),
            "round-driver");
    context.watch(driver);
    driver.tell(start);
    return new Started(driver, sink);
  }

  /**
   * What the guardian does when the driver stops: a finished driver told the sink before it stopped
   * (a local tell enqueues at once), so the sink sees Finished first; a crashed driver never did,
   * and the run fails.
   */
  public static void driverStopped(Started started) {
    started.sink().tell(MetricsSink.DriverStopped.INSTANCE);
  }
}
