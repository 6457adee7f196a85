package org.edgetune.cluster;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.sharding.typed.ShardingEnvelope;
import org.apache.pekko.cluster.typed.ClusterSingleton;
import org.apache.pekko.cluster.typed.ClusterSingletonSettings;
import org.apache.pekko.cluster.typed.SingletonActor;
import org.edgetune.actors.DeviceActor;
import org.edgetune.actors.RoundDriver;
import org.edgetune.actors.RunActors;
import org.edgetune.actors.SchedulerActor;
import org.edgetune.actors.SimulationGuardian;
import org.edgetune.checkpoint.CheckpointStore;
import org.edgetune.report.OutputDirectory;
import org.edgetune.sim.RoundRecord;
import org.edgetune.sim.RunResult;

/**
 * Root of the server node: logs membership, reaches the sharded devices through proxies, and pings
 * them until every configured device answers (the device nodes may still be starting). Then it
 * starts the scheduler as a Cluster Singleton on the server role and the server side of the run,
 * exactly as in one JVM. If the devices are not all reachable in time the run fails with a message
 * that says how many answered.
 */
public final class ServerNode {

  /** The guardian's own timers and adapted replies: they never leave the server node. */
  public sealed interface Command extends NoSerializationVerificationNeeded {}

  private record Reachable(DeviceActor.Pong pong) implements Command {}

  private enum Probe implements Command { INSTANCE }

  private enum StartTimedOut implements Command { INSTANCE }

  private static final Duration PROBE_EVERY = Duration.ofSeconds(1);

  private ServerNode() {}

  public static Behavior<Command> create(
      SimulationGuardian.Parts parts, Duration startTimeout, OutputDirectory out, CheckpointStore checkpoints,
      RoundDriver.Command start, Consumer<RoundRecord> progress, CompletableFuture<RunResult> done) {
    return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
      context.spawn(MembershipLog.create(false), "membership");
      ActorRef<ShardingEnvelope<DeviceActor.Command>> region = DeviceHost.proxy(context.getSystem());
      Map<Integer, ActorRef<DeviceActor.Command>> devices = new TreeMap<>();
      for (int k = 0; k < parts.plan().devices(); k++) {
        devices.put(k, context.spawn(DeviceProxy.create(region, k), "device-" + k));
      }
      timers.startTimerWithFixedDelay(Probe.INSTANCE, PROBE_EVERY);
      timers.startSingleTimer(StartTimedOut.INSTANCE, startTimeout);
      context.getLog().info("waiting for {} devices to be reachable", devices.size());
      Run run = new Run(parts, devices, out, checkpoints, start, progress, done);
      return waiting(context, timers, run, context.messageAdapter(DeviceActor.Pong.class, Reachable::new),
          new TreeSet<>(), startTimeout);
    }));
  }

  /** What the server side needs once the devices are there. */
  private record Run(
      SimulationGuardian.Parts parts,
      Map<Integer, ActorRef<DeviceActor.Command>> devices,
      OutputDirectory out,
      CheckpointStore checkpoints,
      RoundDriver.Command start,
      Consumer<RoundRecord> progress,
      CompletableFuture<RunResult> done) {}

  private static Behavior<Command> waiting(
      ActorContext<Command> context, TimerScheduler<Command> timers, Run run, ActorRef<DeviceActor.Pong> pongs,
      TreeSet<Integer> reachable, Duration startTimeout) {
    return Behaviors.receive(Command.class)
        .onMessageEquals(Probe.INSTANCE, () -> {
          run.devices().forEach((k, device) -> {
            if (!reachable.contains(k)) {
              device.tell(new DeviceActor.Ping(pongs));
            }
          });
          return Behaviors.same();
        })
        .onMessage(Reachable.class, r -> {
          if (reachable.add(r.pong().device()) && reachable.size() == run.devices().size()) {
            timers.cancelAll();
            context.getLog().info("all {} devices reachable; starting the run", reachable.size());
            return running(startRun(context, run));
          }
          return Behaviors.same();
        })
        .onMessageEquals(StartTimedOut.INSTANCE, () -> {
          run.done().completeExceptionally(new IllegalStateException(
              "only " + reachable.size() + " of " + run.devices().size() + " devices reachable after "
                  + startTimeout.toSeconds() + " s (edgetune.cluster.start-timeout-s): are the device nodes up "
                  + "and joined to the same seed nodes?"));
          return Behaviors.stopped();
        })
        .build();
  }

  private static RunActors.Started startRun(ActorContext<Command> context, Run run) {
    ActorRef<SchedulerActor.Command> scheduler = ClusterSingleton.get(context.getSystem()).init(
        SingletonActor.of(RunActors.scheduler(run.parts(), run.devices()), "scheduler")
            .withSettings(ClusterSingletonSettings.create(context.getSystem()).withRole(NodeRole.SERVER.roleName())));
    return RunActors.startServerSide(context, run.parts(), run.devices(), scheduler, run.out(), run.checkpoints(),
        run.start(), run.progress(), run.done());
  }

  private static Behavior<Command> running(RunActors.Started started) {
    return Behaviors.receive(Command.class)
        .onSignal(Terminated.class, t -> {
          RunActors.driverStopped(started);
          return Behaviors.same();
        })
        .build();
  }
}
