package org.edgetune.actors;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.edgetune.checkpoint.CheckpointStore;
import org.edgetune.faults.FaultLog;
import org.edgetune.faults.FaultPlan;
import org.edgetune.report.OutputDirectory;
import org.edgetune.schedule.Scheduler;
import org.edgetune.sim.RoundRecord;
import org.edgetune.sim.RunResult;
import org.edgetune.train.DeviceTrainer;
import org.edgetune.train.Evaluator;
import org.edgetune.train.ServerTrainer;
import org.edgetune.wireless.DeviceProfile;

/**
 * Root of a single-JVM simulation: spawns the metrics sink, the edge server, one actor per device,
 * the scheduler and the round driver, with supervision declared where each is spawned. The caller
 * waits for the run's result and then terminates the actor system.
 */
public final class SimulationGuardian {

  /** The parts the actors wrap, built by the caller from the settings. */
  public record Parts(
      List<DeviceTrainer> devices,
      List<DeviceProfile> profiles,
      long seed,
      ServerTrainer server,
      Evaluator evaluator,
      Scheduler scheduler,
      RoundDriver.Plan plan,
      Duration reportTimeout,
      Duration stepTimeout,
      boolean batchEncoder,
      FaultPlan faults,
      FaultLog faultLog) {}

  private SimulationGuardian() {}

  /** @param start the driver's first message: {@link RoundDriver.Start} or a {@link RoundDriver.Resume} */
  public static Behavior<Void> create(
      Parts parts, OutputDirectory out, CheckpointStore checkpoints, RoundDriver.Command start,
      Consumer<RoundRecord> progress, CompletableFuture<RunResult> done) {
    return Behaviors.setup(context -> {
      ActorRef<MetricsSink.Command> sink = context.spawn(
          MetricsSink.create(out, checkpoints, progress, done), "metrics", DispatcherSelector.blocking());
      // Device and server state lives outside the behaviours, so a restart keeps the shard, the head
      // copy, the random streams and the LoRA state; only the in-flight step is lost.
      // Faults are wrapped around the behaviours (inside supervision, so an injected crash restarts).
      ActorRef<EdgeServerActor.Command> server = context.spawn(
          Behaviors.supervise(ServerFaults.wrap(
                  EdgeServerActor.create(parts.server(), parts.evaluator(), parts.stepTimeout(), parts.batchEncoder()),
                  parts.faults(), parts.faultLog()))
              .onFailure(SupervisorStrategy.restartWithBackoff(Duration.ofMillis(100), Duration.ofSeconds(5), 0.2)),
          "edge-server");
      Map<Integer, ActorRef<DeviceActor.Command>> devices = new TreeMap<>();
      for (int k = 0; k < parts.devices().size(); k++) {
        devices.put(k, context.spawn(
            Behaviors.supervise(DeviceFaults.wrap(
                    DeviceActor.create(parts.devices().get(k), parts.profiles().get(k), parts.seed()),
                    k, parts.faults(), parts.faultLog()))
                .onFailure(SupervisorStrategy.restartWithBackoff(Duration.ofMillis(50), Duration.ofSeconds(2), 0.2)),
            "device-" + k));
      }
      ActorRef<SchedulerActor.Command> scheduler = context.spawn(
          Behaviors.supervise(SchedulerActor.create(parts.scheduler(), Map.copyOf(devices), parts.reportTimeout()))
              .onFailure(SupervisorStrategy.resume()),
          "scheduler");
      ActorRef<RoundDriver.Command> driver = context.spawn(
          RoundDriver.create(parts.plan(), scheduler, server, Map.copyOf(devices), sink, parts.faultLog()),
          "round-driver");
      context.watch(driver);
      driver.tell(start);
      return Behaviors.receive(Void.class)
          .onSignal(Terminated.class, t -> {
            // A finished driver told the sink before it stopped (a local tell enqueues at once), so
            // the sink sees Finished first; a crashed driver never did, and the run fails.
            sink.tell(MetricsSink.DriverStopped.INSTANCE);
            return Behaviors.same();
          })
          .build();
    });
  }
}
