package org.edgetune.cluster;

import com.typesafe.config.Config;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.Cluster;
import org.edgetune.actors.EncoderNodeActor;
import org.edgetune.actors.RoundDriver;
import org.edgetune.actors.Simulation;
import org.edgetune.assembly.HostedDevices;
import org.edgetune.assembly.InjectedFaults;
import org.edgetune.assembly.RunAssembly;
import org.edgetune.assembly.RunInputs;
import org.edgetune.assembly.RunParts;
import org.edgetune.checkpoint.CheckpointStore;
import org.edgetune.faults.FaultLog;
import org.edgetune.model.SplitLoraModel;
import org.edgetune.output.OutputDirectory;
import org.edgetune.sim.RoundRecord;
import org.edgetune.sim.RunResult;
import org.edgetune.sim.SimulationSettings;
import org.edgetune.train.EncoderWorker;

/**
 * Starts the ActorSystem of one cluster node. The server node runs the job and returns its result
 * (leaving the cluster when done); a device node hosts device entities until the server has left.
 */
public final class ClusterRun {

  private ClusterRun() {}

  /**
   * @param node the node's Pekko settings ({@link NodeConfig})
   * @param started handed the node's actor system once it runs (the dashboard shows its cluster)
   */
  public static RunResult server(
      RunInputs in,
      ClusterSettings cluster,
      Config node,
      OutputDirectory out,
      Consumer<RoundRecord> progress,
      Consumer<ActorSystem<?>> started) {
    RunParts parts = RunAssembly.server(in);
    CheckpointStore checkpoints = CheckpointStore.ofRun(out.path(), in.settings().checkpoint());
    CompletableFuture<RunResult> done = new CompletableFuture<>();
    ActorSystem<ServerNode.Command> system =
        ActorSystem.create(
            ServerNode.create(
                parts,
                cluster,
                encoderRunKey(in.settings()),
                out,
                checkpoints,
                RoundDriver.Start.INSTANCE,
                progress,
                done),
            NodeConfig.SYSTEM_NAME,
            systemConfig(node, in.config()));
    started.accept(system);
    return Simulation.awaitResult(system, done);
  }

  /**
   * Starts a device node; it terminates by itself once the server node has left the cluster.
   *
   * @param loseNode what an injected node-loss fault does: the CLI halts the JVM (as kill -9 would)
   */
  public static ActorSystem<Void> device(RunInputs in, Config node, Runnable loseNode) {
    HostedDevices devices = RunAssembly.devices(in);
    InjectedFaults faults = new InjectedFaults(in.settings().faults(), new FaultLog());
    return ActorSystem.create(
        Behaviors.setup(
            context -> {
              context.spawn(MembershipLog.create(true), "membership");
              // Faults injected on this node are logged here; the server's metrics list its own
              // faults.
              DeviceHost.host(context.getSystem(), devices, in.settings().seed(), faults, loseNode);
              return Behaviors.empty();
            }),
        NodeConfig.SYSTEM_NAME,
        systemConfig(node, in.config()));
  }

  /**
   * Starts an encoder node: one encoder worker on this node's copy of the frozen encoder, found by
   * the server through the Receptionist; it terminates by itself once the server node has left.
   *
   * @param halt what an injected encoder-node-loss does: the CLI halts the JVM (as kill -9 would)
   */
  public static ActorSystem<Void> encoder(
      SimulationSettings settings,
      Config node,
      Config config,
      SplitLoraModel model,
      Runnable halt) {
    EncoderWorker worker = RunAssembly.encoderWorker(settings, model);
    return ActorSystem.create(
        Behaviors.setup(
            context -> {
              context.spawn(MembershipLog.create(true), "membership");
              context.spawn(
                  EncoderNodeActor.create(worker, encoderRunKey(settings), halt),
                  EncoderNodeActor.NAME);
              return Behaviors.empty();
            }),
        NodeConfig.SYSTEM_NAME,
        systemConfig(node, config));
  }

  /**
   * What an encoder node and the server must share for a pass to give the same result on either.
   */
  static String encoderRunKey(SimulationSettings settings) {
    return EncoderNodeActor.runKey(
        settings.model().model().configName(),
        settings.model().lora(),
        settings.model().deviceLayers(),
        settings.seed(),
        settings.federated().localLearningRate(),
        settings.train().trainable().configName());
  }

  /**
   * Waits until a device or encoder node has stopped.
   *
   * @return whether it ever joined the cluster: false when no seed node answered within {@code
   *     edgetune.cluster.join-timeout-s} and the node gave up
   */
  public static boolean awaitNode(ActorSystem<Void> system) {
    AtomicBoolean up = new AtomicBoolean();
    Cluster.get(Adapter.toClassic(system)).registerOnMemberUp(() -> up.set(true));
    system.getWhenTerminated().toCompletableFuture().join();
    return up.get();
  }

  private static Config systemConfig(Config node, Config config) {
    return node.withFallback(Simulation.LOGGING).withFallback(config);
  }
}
