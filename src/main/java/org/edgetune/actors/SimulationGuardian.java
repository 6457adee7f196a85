package org.edgetune.actors;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.edgetune.checkpoint.CheckpointStore;
import org.edgetune.faults.FaultLog;
import org.edgetune.faults.FaultPlan;
import org.edgetune.output.OutputDirectory;
import org.edgetune.schedule.Scheduler;
import org.edgetune.sim.RoundRecord;
import org.edgetune.sim.RunResult;
import org.edgetune.train.DeviceTrainer;
import org.edgetune.train.Evaluator;
import org.edgetune.train.ServerTrainer;
import org.edgetune.wireless.DeviceProfile;

/**
 * Root of a single-JVM simulation: spawns one actor per device, the scheduler, and the server side
 * of the run (metrics sink, edge server, round driver; see {@link RunActors} for their
 * supervision). The caller waits for the run's result and then terminates the actor system.
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
      int encoderWorkers,
      FaultPlan faults,
      FaultLog faultLog) {

    /** The same parts with the devices of a run that hosts them in this JVM. */
    public Parts withDevices(Simulation.Devices hosted) {
      return new Parts(
          hosted.trainers(),
          hosted.profiles(),
          seed,
          server,
          evaluator,
          scheduler,
          plan,
          reportTimeout,
          stepTimeout,
          batchEncoder,
          encoderWorkers,
          faults,
          faultLog);
    }
  }

  private SimulationGuardian() {}

  /** The settings refuse node-loss faults for a run in one JVM; reaching this is a bug. */
  private static void noNodeToLose() {
    throw new IllegalStateException("a single-JVM simulation has no node to lose");
  }

  /**
   * @param start the driver's first message: {@link RoundDriver.Start} or a {@link
   *     RoundDriver.Resume}
   */
  public static Behavior<Void> create(
      Parts parts,
      OutputDirectory out,
      CheckpointStore checkpoints,
      RoundDriver.Command start,
      Consumer<RoundRecord> progress,
      CompletableFuture<RunResult> done) {
    return Behaviors.setup(
        context -> {
          Map<Integer, ActorRef<DeviceActor.Command>> devices = new TreeMap<>();
          for (int k = 0; k < parts.devices().size(); k++) {
            devices.put(
                k,
                context.spawn(
                    RunActors.device(
                        parts.devices().get(k),
                        parts.profiles().get(k),
                        parts.seed(),
                        parts.faults(),
                        parts.faultLog(),
                        SimulationGuardian::noNodeToLose),
                    "device-" + k));
          }
          ActorRef<SchedulerActor.Command> scheduler =
              context.spawn(RunActors.scheduler(parts, devices), "scheduler");
          RunActors.Started started =
              RunActors.startServerSide(
                  context,
                  parts,
                  devices,
                  scheduler,
                  EncoderNodes.NONE,
                  out,
                  checkpoints,
                  start,
                  progress,
                  done);
          return Behaviors.receive(Void.class)
              .onSignal(
                  Terminated.class,
                  t -> {
                    RunActors.driverStopped(started);
                    return Behaviors.same();
                  })
              .build();
        });
  }
}
