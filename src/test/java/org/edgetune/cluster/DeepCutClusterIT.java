package org.edgetune.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.Config;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.edgetune.actors.DjlWork;
import org.edgetune.actors.Simulation;
import org.edgetune.config.ConfigLoader;
import org.edgetune.data.CorpusLoader;
import org.edgetune.data.TrainTestSplit;
import org.edgetune.model.SplitLoraModel;
import org.edgetune.model.TextTokenizer;
import org.edgetune.output.OutputDirectory;
import org.edgetune.report.MetricsLines;
import org.edgetune.sim.RunResult;
import org.edgetune.sim.SimulationSettings;
import org.edgetune.testing.TestCorpus;
import org.edgetune.testing.TestTime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A deep cut ({@code device-layers} = 1) across Artery on loopback: the cut gradients, b·L·d floats
 * each, go from an encoder node to the server (InputGradient) and from the server to the sharded
 * devices (LoraStepped), on the large-message channel the frame sizes set up; the run's metrics are
 * the single-JVM run's.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeepCutClusterIT {

  private Config config;
  private SimulationSettings settings;
  private SplitLoraModel model;
  private TextTokenizer tokenizer;
  private TrainTestSplit split;

  @BeforeAll
  void load() throws URISyntaxException {
    config =
        ConfigLoader.load(
            null,
            List.of(
                TestCorpus.archiveOverride(),
                "edgetune.data.partition=iid",
                "edgetune.model.device-layers=1",
                "edgetune.schedule.policy=full",
                "edgetune.wireless.devices=4",
                "edgetune.schedule.rounds=3",
                "edgetune.federated.eval-every=3",
                "edgetune.federated.report-timeout-s=" + TestTime.seconds(5),
                "edgetune.federated.round-timeout-s=" + TestTime.seconds(120),
                "edgetune.cluster.start-timeout-s=" + TestTime.seconds(90),
                "edgetune.cluster.device-nodes=2",
                "edgetune.cluster.encoder-nodes=1"));
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
  void cutGradientsCrossTheNetworkAndTheMetricsAreTheSingleJvmRuns(@TempDir Path tmp)
      throws Exception {
    ClusterSettings cluster = ClusterSettings.fromConfig(config);
    FrameSizes frames =
        FrameSizes.of(
            settings.train().batchSize(),
            settings.model().maxLength(),
            model.dims().hidden(),
            settings.model().classes(),
            model.initialLora(settings.seed()).parameterCount(),
            model.cut().deviceAdapters(model.initialHead(settings.seed())).parameterCount());
    assertThat(frames.cutGradients()).isTrue();
    int[] ports = freePorts(4);
    List<String> seeds = List.of("127.0.0.1:" + ports[0]);
    List<ActorSystem<Void>> nodes = new ArrayList<>();
    RunResult clustered;
    try (OutputDirectory out = new OutputDirectory(tmp.resolve("cluster"))) {
      for (int i = 1; i <= 2; i++) {
        nodes.add(
            ClusterRun.device(
                settings,
                NodeConfig.of(NodeRole.DEVICE, "127.0.0.1", ports[i], seeds, cluster, frames),
                config,
                model,
                tokenizer,
                split,
                () -> {}));
      }
      nodes.add(
          ClusterRun.encoder(
              settings,
              NodeConfig.of(NodeRole.ENCODER, "127.0.0.1", ports[3], seeds, cluster, frames),
              config,
              model,
              () -> {}));
      clustered =
          ClusterRun.server(
              settings,
              cluster,
              NodeConfig.of(NodeRole.SERVER, "127.0.0.1", ports[0], seeds, cluster, frames),
              config,
              model,
              tokenizer,
              split,
              out,
              r -> {},
              system -> {});
      assertThat(DjlWork.of(nodes.get(2)).busySeconds())
          .as("the encoder node ran the passes")
          .isPositive();
    } finally {
      nodes.forEach(DeepCutClusterIT::awaitEnd);
    }

    assertThat(clustered.rounds()).hasSize(3);
    assertThat(clustered.rounds()).allSatisfy(r -> assertThat(r.dropped()).isEmpty());
    List<JsonNode> single;
    try (OutputDirectory out = new OutputDirectory(tmp.resolve("single"))) {
      Simulation.run(settings, config, model, tokenizer, split, out, r -> {});
    }
    single = MetricsLines.withoutWallTime(tmp.resolve("single"));
    assertThat(single).allSatisfy(r -> assertThat(r.get("completed")).hasSize(4));
    assertThat(MetricsLines.withoutWallTime(tmp.resolve("cluster"))).isEqualTo(single);
  }

  private static void awaitEnd(ActorSystem<Void> node) {
    boolean ended =
        node.getWhenTerminated()
            .toCompletableFuture()
            .thenApply(d -> true)
            .completeOnTimeout(false, 30, TimeUnit.SECONDS)
            .join();
    if (!ended) {
      node.terminate();
    }
    assertThat(ended).as("node %s stops when the server leaves", node.address()).isTrue();
  }

  private static int[] freePorts(int n) throws IOException {
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
}
