package org.edgetune.actors;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.edgetune.assembly.HostedDevices;
import org.edgetune.assembly.RunParts;
import org.edgetune.checkpoint.CheckpointStore;
import org.edgetune.output.OutputDirectory;
import org.edgetune.sim.RoundRecord;
import org.edgetune.sim.RunResult;

/**
 * Root of a single-JVM simulation: spawns one actor per device, the scheduler, and the server side
 * of the run (metrics sink, edge server, round driver; see {@link RunActors} for their
 * supervision), over the parts {@link org.edgetune.assembly.RunAssembly#oneJvm} built. The caller
 * waits for the run's result and then terminates the actor system.
 */
public final class SimulationGuardian {

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
      RunParts parts,
      OutputDirectory out,
      CheckpointStore checkpoints,
      RoundDriver.Command start,
      Consumer<RoundRecord> progress,
      CompletableFuture<RunResult> done) {
    return Behaviors.setup(
        context -> {
          Map<Integer, ActorRef<DeviceActor.Command>> devices = new TreeMap<>();
          HostedDevices hosted = parts.devices();
          for (int k = 0; k < hosted.size(); k++) {
            devices.put(
                k,
                context.spawn(
                    RunActors.device(
                        hosted.trainers().get(k),
                        hosted.profiles().get(k),
                        parts.seed(),
                        parts.faults(),
                        SimulationGuardian::noNodeToLose),
                    "device-" + k));
          }
          ActorRef<SchedulerActor.Command> scheduler =
              context.spawn(RunActors.scheduler(parts.scheduler(), devices), "scheduler");
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
