package org.edgetune.cluster;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
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
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.sharding.ShardRegion;
import org.apache.pekko.cluster.sharding.typed.ShardingEnvelope;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.ClusterSingleton;
import org.apache.pekko.cluster.typed.ClusterSingletonSettings;
import org.apache.pekko.cluster.typed.SingletonActor;
import org.edgetune.actors.DeviceActor;
import org.edgetune.actors.EncoderNodeActor;
import org.edgetune.actors.EncoderNodes;
import org.edgetune.actors.RoundDriver;
import org.edgetune.actors.RunActors;
import org.edgetune.actors.SchedulerActor;
import org.edgetune.assembly.RunParts;
import org.edgetune.checkpoint.CheckpointStore;
import org.edgetune.output.OutputDirectory;
import org.edgetune.sim.RoundRecord;
import org.edgetune.sim.RunResult;

/**
 * Root of the server node: logs membership, reaches the sharded devices through proxies, and waits
 * until the run cannot lose work to the cluster forming under it: the configured number of device
 * nodes are Up, each has registered its sharding region, and every configured device answers a ping
 * (which allocates every device's shard, spread over all device nodes; shards then stay put, see
 * {@link StayPutAllocation}), and the configured number of encoder nodes have registered their
 * worker with the Receptionist. The nodes may start in any order and seconds apart. Then it starts
 * the scheduler as a Cluster Singleton on the server role and the server side of the run, exactly
 * as in one JVM. If that does not happen in time the run fails with a message that says what was
 * missing.
 */
public final class ServerNode {

  /** The guardian's own timers and adapted replies: they never leave the server node. */
  public sealed interface Command extends NoSerializationVerificationNeeded {}

  private record Reachable(DeviceActor.Pong pong) implements Command {}

  private record RegionsCounted(int regions) implements Command {}

  private record EncodersListed(Receptionist.Listing listing) implements Command {}

  private enum Probe implements Command {
    INSTANCE
  }

  private enum StartTimedOut implements Command {
    INSTANCE
  }

  private static final Duration PROBE_EVERY = Duration.ofSeconds(1);

  private ServerNode() {}

  public static Behavior<Command> create(
      RunParts parts,
      ClusterSettings cluster,
      String encoderRunKey,
      OutputDirectory out,
      CheckpointStore checkpoints,
      RoundDriver.Command start,
      Consumer<RoundRecord> progress,
      CompletableFuture<RunResult> done) {
    return Behaviors.setup(
        context ->
            Behaviors.withTimers(
                timers -> {
                  context.spawn(MembershipLog.create(false), "membership");
                  ActorRef<ShardingEnvelope<DeviceActor.Command>> region =
                      DeviceHost.proxy(context.getSystem());
                  Map<Integer, ActorRef<DeviceActor.Command>> devices = new TreeMap<>();
                  for (int k = 0; k < parts.plan().devices(); k++) {
                    devices.put(k, context.spawn(DeviceProxy.create(region, k), "device-" + k));
                  }
                  timers.startTimerWithFixedDelay(Probe.INSTANCE, PROBE_EVERY);
                  timers.startSingleTimer(StartTimedOut.INSTANCE, cluster.startTimeout());
                  context
                      .getLog()
                      .info(
                          "waiting for {} device nodes, {} devices and {} encoder nodes",
                          cluster.deviceNodes(),
                          devices.size(),
                          cluster.encoderNodes());
                  Run run =
                      new Run(
                          parts, devices, encoderRunKey, out, checkpoints, start, progress, done);
                  return new Waiting(context, timers, run, cluster).behavior();
                }));
  }

  /** What the server side needs once the devices are there. */
  private record Run(
      RunParts parts,
      Map<Integer, ActorRef<DeviceActor.Command>> devices,
      String encoderRunKey,
      OutputDirectory out,
      CheckpointStore checkpoints,
      RoundDriver.Command start,
      Consumer<RoundRecord> progress,
      CompletableFuture<RunResult> done) {}

  /** The wait before the run: device nodes Up, their regions registered, every device reachable. */
  private static final class Waiting {
    private final ActorContext<Command> context;
    private final TimerScheduler<Command> timers;
    private final Run run;
    private final ClusterSettings cluster;
    private final ActorRef<DeviceActor.Pong> pongs;
    private final ActorRef<ShardRegion.CurrentRegions> regionsReply;

    /**
     * The classic face of this node's sharding proxy: the typed stats query does not answer on a
     * proxy-only node.
     */
    private final org.apache.pekko.actor.ActorRef proxy;

    private final TreeSet<Integer> reachable = new TreeSet<>();
    private int nodesUp;
    private int regions;
    private List<ActorRef<EncoderNodeActor.Command>> encoders = List.of();

    Waiting(
        ActorContext<Command> context,
        TimerScheduler<Command> timers,
        Run run,
        ClusterSettings cluster) {
      this.context = context;
      this.timers = timers;
      this.run = run;
      this.cluster = cluster;
      this.pongs = context.messageAdapter(DeviceActor.Pong.class, Reachable::new);
      this.regionsReply =
          context.messageAdapter(
              ShardRegion.CurrentRegions.class, r -> new RegionsCounted(r.getRegions().size()));
      this.proxy =
          org.apache.pekko.cluster.sharding.ClusterSharding.get(context.getSystem())
              .shardRegion(DeviceHost.DEVICES.name());
      if (cluster.encoderNodes() > 0) {
        context
            .getSystem()
            .receptionist()
            .tell(
                Receptionist.subscribe(
                    EncoderNodeActor.ENCODERS,
                    context.messageAdapter(Receptionist.Listing.class, EncodersListed::new)));
      }
    }

    Behavior<Command> behavior() {
      return Behaviors.receive(Command.class)
          .onMessageEquals(Probe.INSTANCE, this::onProbe)
          .onMessage(RegionsCounted.class, this::onRegionsCounted)
          .onMessage(Reachable.class, this::onReachable)
          .onMessage(EncodersListed.class, this::onEncodersListed)
          .onMessageEquals(StartTimedOut.INSTANCE, this::onStartTimedOut)
          .build();
    }

    private boolean nodesReady() {
      return nodesUp >= cluster.deviceNodes() && regions >= cluster.deviceNodes();
    }

    private Behavior<Command> onProbe() {
      int up = 0;
      for (Member member : Cluster.get(context.getSystem()).state().getMembers()) {
        if (member.status() == MemberStatus.up() && member.hasRole(NodeRole.DEVICE.roleName())) {
          up++;
        }
      }
      nodesUp = up;
      if (nodesUp < cluster.deviceNodes()) {
        return Behaviors.same();
      }
      if (!nodesReady()) {
        // The regions the shard coordinator knows: those that can be given shards.
        proxy.tell(ShardRegion.getCurrentRegionsInstance(), Adapter.toClassic(regionsReply));
        return Behaviors.same();
      }
      pingUnreached();
      return Behaviors.same();
    }

    private Behavior<Command> onRegionsCounted(RegionsCounted counted) {
      boolean wasReady = nodesReady();
      regions = counted.regions();
      if (!wasReady && nodesReady()) {
        context
            .getLog()
            .info(
                "{} device nodes up with their sharding regions; allocating the devices' shards",
                regions);
        pingUnreached();
      }
      return Behaviors.same();
    }

    private void pingUnreached() {
      run.devices()
          .forEach(
              (k, device) -> {
                if (!reachable.contains(k)) {
                  device.tell(new DeviceActor.Ping(pongs));
                }
              });
    }

    private Behavior<Command> onReachable(Reachable r) {
      reachable.add(r.pong().device());
      return startIfReady();
    }

    private Behavior<Command> onEncodersListed(EncodersListed listed) {
      // In address order, so the lanes are numbered the same way whatever order the nodes came in.
      encoders =
          listed.listing().getServiceInstances(EncoderNodeActor.ENCODERS).stream()
              .sorted(Comparator.comparing(ref -> ref.path().toString()))
              .toList();
      context
          .getLog()
          .info("{} of {} encoder nodes registered", encoders.size(), cluster.encoderNodes());
      return startIfReady();
    }

    private Behavior<Command> startIfReady() {
      if (reachable.size() < run.devices().size() || encoders.size() < cluster.encoderNodes()) {
        return Behaviors.same();
      }
      timers.cancelAll();
      context
          .getLog()
          .info(
              "all {} devices reachable and {} encoder nodes registered; starting the run",
              reachable.size(),
              encoders.size());
      return running(
          startRun(
              context,
              run,
              new EncoderNodes(encoders, run.encoderRunKey(), cluster.encoderTimeout())));
    }

    private Behavior<Command> onStartTimedOut() {
      run.done()
          .completeExceptionally(
              new IllegalStateException(
                  nodesUp
                      + " of "
                      + cluster.deviceNodes()
                      + " device nodes up (edgetune.cluster.device-nodes), "
                      + regions
                      + " with a sharding region, "
                      + reachable.size()
                      + " of "
                      + run.devices().size()
                      + " devices reachable, "
                      + encoders.size()
                      + " of "
                      + cluster.encoderNodes()
                      + " encoder nodes registered (edgetune.cluster.encoder-nodes) after "
                      + cluster.startTimeout().toSeconds()
                      + " s (edgetune.cluster.start-timeout-s): are the device and encoder nodes up and joined to the same"
                      + " seed nodes?"));
      return Behaviors.stopped();
    }
  }

  private static RunActors.Started startRun(
      ActorContext<Command> context, Run run, EncoderNodes encoders) {
    ActorRef<SchedulerActor.Command> scheduler =
        ClusterSingleton.get(context.getSystem())
            .init(
                SingletonActor.of(
                        RunActors.scheduler(run.parts().scheduler(), run.devices()), "scheduler")
                    .withSettings(
                        ClusterSingletonSettings.create(context.getSystem())
                            .withRole(NodeRole.SERVER.roleName())));
    return RunActors.startServerSide(
        context,
        run.parts(),
        run.devices(),
        scheduler,
        encoders,
        run.out(),
        run.checkpoints(),
        run.start(),
        run.progress(),
        run.done());
  }

  private static Behavior<Command> running(RunActors.Started started) {
    return Behaviors.receive(Command.class)
        .onSignal(
            Terminated.class,
            t -> {
              RunActors.driverStopped(started);
              return Behaviors.same();
            })
        // The lanes were fixed at the start; a node that goes is found by its silence.
        .onMessage(EncodersListed.class, listed -> Behaviors.same())
        .build();
  }
}
