package org.edgetune.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.Config;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorSystem;
import org.edgetune.actors.Simulation;
import org.edgetune.assembly.RunInputs;
import org.edgetune.config.ConfigLoader;
import org.edgetune.data.CorpusLoader;
import org.edgetune.data.TrainTestSplit;
import org.edgetune.model.SplitLoraModel;
import org.edgetune.model.TextTokenizer;
import org.edgetune.output.OutputDirectory;
import org.edgetune.report.MetricsLines;
import org.edgetune.sim.RoundRecord;
import org.edgetune.sim.RunResult;
import org.edgetune.sim.SimulationSettings;
import org.edgetune.testing.TestCorpus;
import org.edgetune.testing.TestTime;

/**
 * A small job on the corpus fixture run by a cluster of ActorSystems on loopback ports in this JVM,
 * with the model loaded once: the nodes, their frames and the single-JVM run of the same job that a
 * cluster run must reproduce.
 */
final class LoopbackCluster implements AutoCloseable {

  static final String HOST = "127.0.0.1";

  final Config config;
  final SimulationSettings settings;
  final ClusterSettings cluster;
  final SplitLoraModel model;
  final TextTokenizer tokenizer;
  final TrainTestSplit split;
  private List<JsonNode> singleJvm;

  /** The fixture's 4 devices, IID, with scaled deadlines, then {@code overrides}. */
  LoopbackCluster(String... overrides) {
    List<String> all =
        TestCorpus.smallRun(
            "edgetune.federated.report-timeout-s=" + TestTime.seconds(5),
            "edgetune.cluster.start-timeout-s=" + TestTime.seconds(90));
    all.addAll(List.of(overrides));
    config = ConfigLoader.load(null, all);
    settings = SimulationSettings.fromConfig(config);
    cluster = ClusterSettings.fromConfig(config);
    model = SplitLoraModel.load(settings.model());
    tokenizer = TextTokenizer.load(settings.model());
    split = CorpusLoader.load(settings.data(), settings.seed());
  }

  FrameSizes frames() {
    return FrameSizes.forRun(settings, model);
  }

  Config nodeConfig(NodeRole role, int port, List<String> seeds, ClusterSettings withCluster) {
    return NodeConfig.of(role, HOST, port, seeds, withCluster, frames());
  }

  ActorSystem<Void> deviceNode(int port, List<String> seeds, ClusterSettings withCluster) {
    return ClusterRun.device(
        new RunInputs(settings, config, model, tokenizer, split),
        nodeConfig(NodeRole.DEVICE, port, seeds, withCluster),
        () -> {});
  }

  ActorSystem<Void> encoderNode(
      SimulationSettings nodeSettings,
      int port,
      List<String> seeds,
      ClusterSettings withCluster,
      Runnable halt) {
    return ClusterRun.encoder(
        nodeSettings, nodeConfig(NodeRole.ENCODER, port, seeds, withCluster), config, model, halt);
  }

  /** The server node's run of the job, writing into {@code out}; returns when it is done. */
  RunResult server(
      SimulationSettings serverSettings,
      Config serverConfig,
      ClusterSettings withCluster,
      int port,
      List<String> seeds,
      OutputDirectory out,
      Consumer<RoundRecord> progress) {
    return ClusterRun.server(
        new RunInputs(serverSettings, serverConfig, model, tokenizer, split),
        withCluster,
        nodeConfig(NodeRole.SERVER, port, seeds, withCluster),
        out,
        progress,
        system -> {});
  }

  /** The job as configured: the server node's run with this fixture's settings. */
  RunResult server(int port, List<String> seeds, OutputDirectory out) {
    return server(settings, config, cluster, port, seeds, out, r -> {});
  }

  /** The single-JVM run of the same job (wall time aside), once per fixture. */
  List<JsonNode> singleJvmMetrics(Path tmp) throws IOException {
    if (singleJvm == null) {
      Path dir = tmp.resolve("single");
      try (OutputDirectory out = new OutputDirectory(dir)) {
        Simulation.run(new RunInputs(settings, config, model, tokenizer, split), out, r -> {});
      }
      singleJvm = MetricsLines.withoutWallTime(dir);
    }
    return singleJvm;
  }

  /**
   * A node ends by itself once the server has left; terminate is the fallback, and fails the test.
   */
  static void awaitEnd(ActorSystem<Void> node) {
    boolean ended =
        node.getWhenTerminated()
            .toCompletableFuture()
            .thenApply(d -> true)
            .completeOnTimeout(false, TestTime.seconds(30), TimeUnit.SECONDS)
            .join();
    if (!ended) {
      node.terminate();
    }
    assertThat(ended).as("node %s stops when the server leaves", node.address()).isTrue();
  }

  /** {@code n} loopback ports that were free a moment ago. */
  static int[] freePorts(int n) throws IOException {
    int[] ports = new int[n];
    List<ServerSocket> held = new ArrayList<>();
    try {
      for (int i = 0; i < n; i++) {
        ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        held.add(socket);
        ports[i] = socket.getLocalPort();
      }
    } finally {
      for (ServerSocket s : held) {
        s.close();
      }
    }
    return ports;
  }

  @Override
  public void close() {
    tokenizer.close();
    model.close();
  }
}
