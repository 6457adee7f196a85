package org.edgetune.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.edgetune.actors.Simulation;
import org.edgetune.config.ConfigLoader;
import org.edgetune.data.CorpusLoader;
import org.edgetune.data.TrainTestSplit;
import org.edgetune.model.SplitLoraModel;
import org.edgetune.model.TextTokenizer;
import org.edgetune.report.MetricsLines;
import org.edgetune.report.OutputDirectory;
import org.edgetune.sim.RunResult;
import org.edgetune.sim.SimulationSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three ActorSystems on loopback ports (one server node, two device nodes) run a short job to
 * completion over real Artery sockets, and the result is the single-JVM run's: every draw is keyed
 * and aggregation runs in device-id order, so where the devices live does not matter.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterRunTest {

  private Config config;
  private SimulationSettings settings;
  private SplitLoraModel model;
  private TextTokenizer tokenizer;
  private TrainTestSplit split;

  @BeforeAll
  void load() throws URISyntaxException {
    config = ConfigLoader.load(null, List.of(
        "edgetune.data.archive=\"" + Path.of(getClass().getResource("/corpus-fixture/spam-assassin-fixture.tgz").toURI()) + "\"",
        "edgetune.data.partition=iid",
        "edgetune.wireless.devices=4",
        "edgetune.schedule.rounds=3",
        "edgetune.federated.eval-every=3",
        "edgetune.federated.report-timeout-s=5",
        "edgetune.federated.round-timeout-s=60",
        "edgetune.cluster.start-timeout-s=60"));
    settings = SimulationSettings.fromConfig(config);
    model = SplitLoraModel.load(settings.model());
    tokenizer = TextTokenizer.load(settings.model());
    split = CorpusLoader.load(settings.data(), settings.seed());
  }

  @AfterAll
  void close() {
    tokenizer.close();
    model.close();
  }

  @Test
  void serverAndTwoDeviceNodesRunTheJobAndMatchTheSingleJvmRun(@TempDir Path tmp) throws Exception {
    ClusterSettings cluster = ClusterSettings.fromConfig(config);
    FrameSizes frames = FrameSizes.of(settings.train().batchSize(), settings.model().maxLength(),
        model.dims().hidden(), settings.model().classes());
    int[] ports = freePorts(3);
    List<String> seeds = List.of("127.0.0.1:" + ports[0]);
    List<ActorSystem<Void>> deviceNodes = new ArrayList<>();
    RunResult clustered;
    try (OutputDirectory out = new OutputDirectory(tmp.resolve("cluster"))) {
      for (int i = 1; i <= 2; i++) {
        deviceNodes.add(ClusterRun.device(settings,
            NodeConfig.of(NodeRole.DEVICE, "127.0.0.1", ports[i], seeds, cluster, frames), config,
            model, tokenizer, split, () -> { }));
      }
      clustered = ClusterRun.server(settings, cluster,
          NodeConfig.of(NodeRole.SERVER, "127.0.0.1", ports[0], seeds, cluster, frames), config,
          model, tokenizer, split, out, r -> {});
    } finally {
      for (ActorSystem<Void> node : deviceNodes) {
        // Device nodes end by themselves once the server has left; terminate is the fallback.
        boolean ended = node.getWhenTerminated().toCompletableFuture()
            .thenApply(d -> true).completeOnTimeout(false, 30, TimeUnit.SECONDS).join();
        if (!ended) {
          node.terminate();
        }
        assertThat(ended).as("device node %s stops when the server leaves", node.address()).isTrue();
      }
    }
    try (OutputDirectory out = new OutputDirectory(tmp.resolve("single"))) {
      Simulation.run(settings, config, model, tokenizer, split, out, r -> {});
    }

    assertThat(clustered.rounds()).hasSize(3);
    assertThat(clustered.finalScores().total()).isEqualTo(split.test().size());
    assertThat(MetricsLines.withoutWallTime(tmp.resolve("cluster")))
        .isEqualTo(MetricsLines.withoutWallTime(tmp.resolve("single")));
  }

  private static int[] freePorts(int n) throws IOException {
    int[] ports = new int[n];
    List<ServerSocket> held = new ArrayList<>();
    try {
      for (int i = 0; i < n; i++) {
        ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
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
}
