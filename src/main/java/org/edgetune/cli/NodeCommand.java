package org.edgetune.cli;

import com.typesafe.config.Config;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.pekko.actor.typed.ActorSystem;
import org.edgetune.assembly.RunInputs;
import org.edgetune.cluster.ClusterRun;
import org.edgetune.cluster.ClusterSettings;
import org.edgetune.cluster.FrameSizes;
import org.edgetune.cluster.NodeConfig;
import org.edgetune.cluster.NodeRole;
import org.edgetune.dashboard.LiveDashboard;
import org.edgetune.data.CorpusLoader;
import org.edgetune.data.TrainTestSplit;
import org.edgetune.model.SplitLoraModel;
import org.edgetune.model.TextTokenizer;
import org.edgetune.report.RunLog;
import org.edgetune.sim.SimulationSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code edgetune node}: one node of a cluster run. The server node runs the job and writes the
 * usual output directory; a device node hosts sharded devices, an encoder node one encoder worker,
 * until the server has left. Every node of a cluster must be given the same scenario (the devices'
 * shards follow from it and the seed; an encoder node refuses a server that runs another).
 */
@Command(
    name = "node",
    mixinStandardHelpOptions = true,
    description =
        "One node of a cluster run: --role server (edge server, scheduler, metrics), device "
            + "(sharded devices) or encoder (an encoder worker of the edge server).")
final class NodeCommand implements Callable<Integer> {

  @Option(names = "--role", required = true, description = "server, device or encoder.")
  String role;

  @Option(
      names = "--host",
      description = "Address this node binds and is reached at (default: ${DEFAULT-VALUE}).")
  String host = "127.0.0.1";

  @Option(names = "--port", description = "Port of this node (default: ${DEFAULT-VALUE}).")
  int port = 2551;

  @Option(
      names = "--seed-nodes",
      required = true,
      split = ",",
      description =
          "host:port of the seed nodes, comma-separated; the server node should be the first.")
  List<String> seedNodes = new ArrayList<>();

  @Option(
      names = "--log",
      description =
          "Device and encoder nodes: also write the full log (membership changes, faults) to this file.")
  Path log;

  @Mixin RunOptions options;

  @Mixin DashboardOptions dashboard;

  @Override
  public Integer call() {
    long started = System.nanoTime();
    NodeRole nodeRole =
        switch (role) {
          case "server" -> NodeRole.SERVER;
          case "device" -> NodeRole.DEVICE;
          case "encoder" -> NodeRole.ENCODER;
          default ->
              throw new BadInputException(
                  "--role must be server, device or encoder, not '" + role + "'");
        };
    if (port < 0 || port > 65_535) {
      throw new BadInputException("--port " + port + " is out of range; allowed [0, 65535]");
    }
    if (nodeRole != NodeRole.SERVER && dashboard.port != null) {
      throw new BadInputException(
          "--dashboard is for the server node (--role server); "
              + role
              + " nodes have no run to show");
    }
    Config config = options.loadConfig(SimulateCommand.DEFAULT_SCENARIO);
    SimulationSettings settings = EverySection.validate(config, true);
    ClusterSettings cluster = ClusterSettings.fromConfig(config);
    try {
      seedNodes.forEach(NodeConfig::address);
    } catch (IllegalArgumentException e) {
      throw new BadInputException("--seed-nodes: " + e.getMessage(), e);
    }
    PortCheck.free(host, port);
    if (log != null) {
      if (Files.isDirectory(log)) {
        throw new BadInputException("--log " + log + " is a directory; give a file");
      }
      OutputTarget.checkAncestors("--log", log);
    }
    OutputTarget target = nodeRole == NodeRole.SERVER ? options.outputTarget("cluster") : null;
    // An encoder node holds no data: it sees only the embeddings the server hands it.
    TrainTestSplit split =
        nodeRole == NodeRole.ENCODER ? null : CorpusLoader.load(settings.data(), settings.seed());
    try (SplitLoraModel model = SplitLoraModel.load(settings.model());
        TextTokenizer tokenizer = TextTokenizer.load(settings.model())) {
      FrameSizes frames = FrameSizes.forRun(settings, model);
      Config node = NodeConfig.of(nodeRole, host, port, seedNodes, cluster, frames);
      if (nodeRole == NodeRole.ENCODER) {
        return serve(
            cluster,
            () ->
                ClusterRun.encoder(settings, node, config, model, () -> halt("encoder-node-loss")));
      }
      if (nodeRole == NodeRole.DEVICE) {
        return serve(
            cluster,
            () ->
                ClusterRun.device(
                    new RunInputs(settings, config, model, tokenizer, split),
                    node,
                    () -> halt("node-loss")));
      }
      try (LiveDashboard live = dashboard.start()) {
        return target.write(
            out -> {
              try (RunLog runLog = RunLog.attach(out.resolve("edgetune.log"), false)) {
                out.writeText("config.conf", RunOptions.render(config));
                SimulationOutputs.Finished finished =
                    SimulationOutputs.run(
                        started,
                        "cluster",
                        settings,
                        model.dims(),
                        out,
                        List.of(),
                        progress ->
                            ClusterRun.server(
                                new RunInputs(settings, config, model, tokenizer, split),
                                cluster,
                                node,
                                out,
                                progress,
                                live::watchCluster),
                        live.watcher());
                Map<String, Object> summary = finished.summary();
                System.out.printf(
                    "node server: %s, %d rounds, accuracy %s, F1 %s, max energy ratio %.3f, %.0f s -> %s%n",
                    settings.schedule().policy(),
                    finished.result().rounds().size(),
                    summary.get("final_accuracy"),
                    summary.get("final_f1"),
                    (double) summary.get("max_energy_ratio"),
                    (System.nanoTime() - started) / 1e9,
                    out.resolve("report.html"));
              }
              return 0;
            });
      }
    }
  }

  /**
   * A device or encoder node: starts it and serves until the server has left (or no seed answered).
   */
  private int serve(ClusterSettings cluster, java.util.function.Supplier<ActorSystem<Void>> start) {
    try (RunLog runLog = log == null ? null : RunLog.attach(log, true)) {
      ActorSystem<Void> system = start.get();
      System.out.printf(
          "node %s: up at %s:%d, joining %s; it stops when the server leaves%n",
          role, host, port, String.join(",", seedNodes));
      if (!ClusterRun.awaitNode(system)) {
        throw new BadInputException(
            "node "
                + role
                + ": no seed node of "
                + String.join(",", seedNodes)
                + " answered within "
                + cluster.joinTimeout().toSeconds()
                + " s (edgetune.cluster.join-timeout-s); "
                + "is the server node up at the first seed, with the same TLS settings?");
      }
    }
    return 0;
  }

  /**
   * An injected node loss: the JVM stops at once, without leaving the cluster, as kill -9 would.
   */
  private void halt(String fault) {
    System.err.println("node " + role + ": " + fault + " fault injected; halting this node");
    Runtime.getRuntime().halt(137);
  }
}
