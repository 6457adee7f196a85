package org.edgetune.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
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
 * Three ActorSystems on loopback ports (one server node, two device nodes) run a short job to
 * completion over real Artery sockets, and the result is the single-JVM run's: every draw is keyed
 * and aggregation runs in device-id order, so where the devices live does not matter. Also when the
 * nodes start seconds apart in another order, and a third device node joins in the middle of the
 * run (with sharding's rebalance check every second, so a rebalance would strike a round); with two
 * encoder nodes running the encoder passes; and when one of them is lost mid-round.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterRunIT {

  private Config config;
  private SimulationSettings settings;
  private SplitLoraModel model;
  private TextTokenizer tokenizer;
  private TrainTestSplit split;
  private List<JsonNode> singleJvm;

  @BeforeAll
  void load() throws URISyntaxException {
    config =
        ConfigLoader.load(
            null,
            List.of(
                TestCorpus.archiveOverride(),
                "edgetune.data.partition=iid",
                "edgetune.wireless.devices=4",
                "edgetune.schedule.rounds=5",
                "edgetune.federated.eval-every=5",
                "edgetune.federated.report-timeout-s=" + TestTime.seconds(5),
                "edgetune.federated.round-timeout-s=" + TestTime.seconds(60),
                "edgetune.cluster.start-timeout-s=" + TestTime.seconds(90),
                "edgetune.cluster.device-nodes=2",
                "pekko.cluster.sharding.rebalance-interval=1s"));
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
    FrameSizes frames =
        FrameSizes.of(
            settings.train().batchSize(),
            settings.model().maxLength(),
            model.dims().hidden(),
            settings.model().classes(),
            model.initialLora(settings.seed()).parameterCount());
    int[] ports = freePorts(3);
    List<String> seeds = List.of("127.0.0.1:" + ports[0]);
    List<ActorSystem<Void>> deviceNodes = new ArrayList<>();
    RunResult clustered;
    try (OutputDirectory out = new OutputDirectory(tmp.resolve("cluster"))) {
      for (int i = 1; i <= 2; i++) {
        deviceNodes.add(deviceNode(ports[i], seeds, cluster, frames));
      }
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
    } finally {
      deviceNodes.forEach(ClusterRunIT::awaitEnd);
    }

    assertThat(clustered.rounds()).hasSize(5);
    assertThat(clustered.finalScores().total()).isEqualTo(split.test().size());
    assertThat(MetricsLines.withoutWallTime(tmp.resolve("cluster")))
        .isEqualTo(singleJvmMetrics(tmp));
  }

  @Test
  void nodesStartedSecondsApartInAnotherOrderAndANodeJoiningMidRunChangeNothing(@TempDir Path tmp)
      throws Exception {
    ClusterSettings cluster = ClusterSettings.fromConfig(config);
    FrameSizes frames =
        FrameSizes.of(
            settings.train().batchSize(),
            settings.model().maxLength(),
            model.dims().hidden(),
            settings.model().classes(),
            model.initialLora(settings.seed()).parameterCount());
    int[] ports = freePorts(4);
    List<String> seeds = List.of("127.0.0.1:" + ports[0]);
    List<ActorSystem<Void>> deviceNodes = new ArrayList<>();
    Path clusterDir = tmp.resolve("cluster");
    RunResult clustered;
    try (OutputDirectory out = new OutputDirectory(clusterDir)) {
      // A device node first; it keeps trying to join until the server (the seed) is up.
      deviceNodes.add(deviceNode(ports[2], seeds, cluster, frames));
      Thread.sleep(2_000);
      CompletableFuture<Void> firstRound = new CompletableFuture<>();
      CompletableFuture<RunResult> server =
          CompletableFuture.supplyAsync(
              () ->
                  ClusterRun.server(
                      settings,
                      cluster,
                      NodeConfig.of(NodeRole.SERVER, "127.0.0.1", ports[0], seeds, cluster, frames),
                      config,
                      model,
                      tokenizer,
                      split,
                      out,
                      r -> firstRound.complete(null),
                      system -> {}));
      // The server waits for the second device node, which comes seconds later.
      Thread.sleep(5_000);
      assertThat(server).isNotDone();
      assertThat(clusterDir.resolve("metrics.jsonl")).doesNotExist();
      deviceNodes.add(deviceNode(ports[1], seeds, cluster, frames));
      // Once the first round is done, a third device node joins the running job.
      firstRound.get(180, TimeUnit.SECONDS);
      ActorSystem<Void> late = deviceNode(ports[3], seeds, cluster, frames);
      deviceNodes.add(late);
      while (Cluster.get(late).selfMember().status() != MemberStatus.up() && !server.isDone()) {
        Thread.sleep(50);
      }
      assertThat(server).as("the late node is up while the run goes on").isNotDone();
      clustered = server.get(300, TimeUnit.SECONDS);
    } finally {
      deviceNodes.forEach(ClusterRunIT::awaitEnd);
    }

    assertThat(clustered.rounds()).hasSize(5);
    assertThat(clustered.rounds()).allSatisfy(r -> assertThat(r.dropped()).isEmpty());
    assertThat(MetricsLines.withoutWallTime(clusterDir)).isEqualTo(singleJvmMetrics(tmp));
  }

  @Test
  void twoEncoderNodesRunThePassesAndTheMetricsAreTheSingleJvmRuns(@TempDir Path tmp)
      throws Exception {
    ClusterSettings cluster =
        ClusterSettings.fromConfig(
            config.withValue("edgetune.cluster.encoder-nodes", ConfigValueFactory.fromAnyRef(2)));
    FrameSizes frames = frames();
    int[] ports = freePorts(5);
    List<String> seeds = List.of("127.0.0.1:" + ports[0]);
    List<ActorSystem<Void>> nodes = new ArrayList<>();
    RunResult clustered;
    try (OutputDirectory out = new OutputDirectory(tmp.resolve("cluster"))) {
      for (int i = 1; i <= 2; i++) {
        nodes.add(deviceNode(ports[i], seeds, cluster, frames));
        nodes.add(encoderNode(settings, ports[i + 2], seeds, cluster, frames, () -> {}));
      }
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
      // Both encoder nodes computed passes (their DJL work), the server's own workers none.
      assertThat(DjlWork.of(nodes.get(1)).busySeconds()).isPositive();
      assertThat(DjlWork.of(nodes.get(3)).busySeconds()).isPositive();
    } finally {
      nodes.forEach(ClusterRunIT::awaitEnd);
    }

    assertThat(clustered.rounds()).hasSize(5);
    assertThat(clustered.rounds()).allSatisfy(r -> assertThat(r.dropped()).isEmpty());
    assertThat(MetricsLines.withoutWallTime(tmp.resolve("cluster")))
        .isEqualTo(singleJvmMetrics(tmp));
  }

  @Test
  void anEncoderNodeLostMidRoundHasItsDevicesRedoneOnTheOtherAndTheRunEndsAsIfNothingHappened(
      @TempDir Path tmp) throws Exception {
    Config faulty =
        ConfigFactory.parseString("edgetune.faults.plan = [{round = 2, kind = encoder-node-loss}]")
            .withFallback(
                config
                    .withValue("edgetune.cluster.encoder-nodes", ConfigValueFactory.fromAnyRef(2))
                    // Far beyond the test's time: the lost node must be found by the cluster, not a
                    // timeout.
                    .withValue(
                        "edgetune.cluster.encoder-timeout-s", ConfigValueFactory.fromAnyRef(600)));
    SimulationSettings withFault = SimulationSettings.fromConfig(faulty, true);
    ClusterSettings cluster = ClusterSettings.fromConfig(faulty);
    FrameSizes frames = frames();
    int[] ports = freePorts(5);
    List<String> seeds = List.of("127.0.0.1:" + ports[0]);
    List<ActorSystem<Void>> nodes = new ArrayList<>();
    List<ActorSystem<Void>> halted = new ArrayList<>();
    Path dir = tmp.resolve("cluster");
    RunResult clustered;
    try (OutputDirectory out = new OutputDirectory(dir)) {
      for (int i = 1; i <= 2; i++) {
        nodes.add(deviceNode(ports[i], seeds, cluster, frames));
        AtomicReference<ActorSystem<Void>> self = new AtomicReference<>();
        // In one JVM the halted node's actor stops without a word and its system shuts down at once
        // (the CLI halts the JVM instead): the server must learn it from the cluster, not a
        // timeout.
        self.set(
            encoderNode(
                withFault,
                ports[i + 2],
                seeds,
                cluster,
                frames,
                () -> {
                  halted.add(self.get());
                  self.get().terminate();
                }));
        nodes.add(self.get());
      }
      clustered =
          ClusterRun.server(
              withFault,
              cluster,
              NodeConfig.of(NodeRole.SERVER, "127.0.0.1", ports[0], seeds, cluster, frames),
              faulty,
              model,
              tokenizer,
              split,
              out,
              r -> {},
              system -> {});
    } finally {
      halted.forEach(ActorSystem::terminate);
      nodes.forEach(ClusterRunIT::awaitEnd);
    }

    assertThat(halted).hasSize(1);
    assertThat(clustered.rounds().get(2).wallSeconds())
        .as("found long before the 600 s call timeout")
        .isLessThan(300);
    List<JsonNode> lines = MetricsLines.withoutWallTime(dir);
    assertThat(lines.get(2).get("faults").toString()).isEqualTo("[\"encoder-node-loss\"]");
    assertThat(lines.get(2).get("retries").asInt()).isEqualTo(1);
    ObjectNode withoutFault = ((ObjectNode) lines.get(2)).deepCopy();
    withoutFault.remove("faults");
    withoutFault.remove("retries");
    List<JsonNode> undisturbed = new ArrayList<>(lines);
    undisturbed.set(2, withoutFault);
    assertThat(clustered.rounds()).allSatisfy(r -> assertThat(r.dropped()).isEmpty());
    assertThat(undisturbed).isEqualTo(singleJvmMetrics(tmp));
  }

  private FrameSizes frames() {
    return FrameSizes.of(
        settings.train().batchSize(),
        settings.model().maxLength(),
        model.dims().hidden(),
        settings.model().classes(),
        model.initialLora(settings.seed()).parameterCount());
  }

  private ActorSystem<Void> encoderNode(
      SimulationSettings nodeSettings,
      int port,
      List<String> seeds,
      ClusterSettings cluster,
      FrameSizes frames,
      Runnable halt) {
    return ClusterRun.encoder(
        nodeSettings,
        NodeConfig.of(NodeRole.ENCODER, "127.0.0.1", port, seeds, cluster, frames),
        config,
        model,
        halt);
  }

  private ActorSystem<Void> deviceNode(
      int port, List<String> seeds, ClusterSettings cluster, FrameSizes frames) {
    return ClusterRun.device(
        settings,
        NodeConfig.of(NodeRole.DEVICE, "127.0.0.1", port, seeds, cluster, frames),
        config,
        model,
        tokenizer,
        split,
        () -> {});
  }

  private static void awaitEnd(ActorSystem<Void> node) {
    // Device nodes end by themselves once the server has left; terminate is the fallback.
    boolean ended =
        node.getWhenTerminated()
            .toCompletableFuture()
            .thenApply(d -> true)
            .completeOnTimeout(false, 30, TimeUnit.SECONDS)
            .join();
    if (!ended) {
      node.terminate();
    }
    assertThat(ended).as("device node %s stops when the server leaves", node.address()).isTrue();
  }

  /** The single-JVM run of the same job, once per test class. */
  private List<JsonNode> singleJvmMetrics(Path tmp) throws IOException {
    if (singleJvm == null) {
      Path dir = tmp.resolve("single");
      try (OutputDirectory out = new OutputDirectory(dir)) {
        Simulation.run(settings, config, model, tokenizer, split, out, r -> {});
      }
      singleJvm = MetricsLines.withoutWallTime(dir);
    }
    return singleJvm;
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
