package org.edgetune.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
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
import org.edgetune.output.OutputDirectory;
import org.edgetune.report.MetricsLines;
import org.edgetune.sim.RunResult;
import org.edgetune.sim.SimulationSettings;
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

  private LoopbackCluster fixture;

  @BeforeAll
  void load() {
    fixture =
        new LoopbackCluster(
            "edgetune.schedule.rounds=5",
            "edgetune.federated.eval-every=5",
            "edgetune.federated.round-timeout-s=" + TestTime.seconds(60),
            "edgetune.cluster.device-nodes=2",
            "pekko.cluster.sharding.rebalance-interval=1s");
  }

  @AfterAll
  void close() {
    fixture.close();
  }

  @Test
  void serverAndTwoDeviceNodesRunTheJobAndMatchTheSingleJvmRun(@TempDir Path tmp) throws Exception {
    int[] ports = LoopbackCluster.freePorts(3);
    List<String> seeds = List.of(LoopbackCluster.HOST + ":" + ports[0]);
    List<ActorSystem<Void>> deviceNodes = new ArrayList<>();
    RunResult clustered;
    try (OutputDirectory out = new OutputDirectory(tmp.resolve("cluster"))) {
      for (int i = 1; i <= 2; i++) {
        deviceNodes.add(fixture.deviceNode(ports[i], seeds, fixture.cluster));
      }
      clustered = fixture.server(ports[0], seeds, out);
    } finally {
      deviceNodes.forEach(LoopbackCluster::awaitEnd);
    }

    assertThat(clustered.rounds()).hasSize(5);
    assertThat(clustered.finalScores().total()).isEqualTo(fixture.split.test().size());
    assertThat(MetricsLines.withoutWallTime(tmp.resolve("cluster")))
        .isEqualTo(fixture.singleJvmMetrics(tmp));
  }

  @Test
  void nodesStartedSecondsApartInAnotherOrderAndANodeJoiningMidRunChangeNothing(@TempDir Path tmp)
      throws Exception {
    ClusterSettings cluster = fixture.cluster;
    int[] ports = LoopbackCluster.freePorts(4);
    List<String> seeds = List.of(LoopbackCluster.HOST + ":" + ports[0]);
    List<ActorSystem<Void>> deviceNodes = new ArrayList<>();
    Path clusterDir = tmp.resolve("cluster");
    RunResult clustered;
    try (OutputDirectory out = new OutputDirectory(clusterDir)) {
      // A device node first; it keeps trying to join until the server (the seed) is up.
      deviceNodes.add(fixture.deviceNode(ports[2], seeds, cluster));
      Thread.sleep(2_000);
      CompletableFuture<Void> firstRound = new CompletableFuture<>();
      CompletableFuture<RunResult> server =
          CompletableFuture.supplyAsync(
              () ->
                  fixture.server(
                      fixture.settings,
                      fixture.config,
                      cluster,
                      ports[0],
                      seeds,
                      out,
                      r -> firstRound.complete(null)));
      // The server waits for the second device node, which comes seconds later.
      Thread.sleep(5_000);
      assertThat(server).isNotDone();
      assertThat(clusterDir.resolve("metrics.jsonl")).doesNotExist();
      deviceNodes.add(fixture.deviceNode(ports[1], seeds, cluster));
      // Once the first round is done, a third device node joins the running job.
      firstRound.get(TestTime.seconds(180), TimeUnit.SECONDS);
      ActorSystem<Void> late = fixture.deviceNode(ports[3], seeds, cluster);
      deviceNodes.add(late);
      while (Cluster.get(late).selfMember().status() != MemberStatus.up() && !server.isDone()) {
        Thread.sleep(50);
      }
      assertThat(server).as("the late node is up while the run goes on").isNotDone();
      clustered = server.get(TestTime.seconds(300), TimeUnit.SECONDS);
    } finally {
      deviceNodes.forEach(LoopbackCluster::awaitEnd);
    }

    assertThat(clustered.rounds()).hasSize(5);
    assertThat(clustered.rounds()).allSatisfy(r -> assertThat(r.dropped()).isEmpty());
    assertThat(MetricsLines.withoutWallTime(clusterDir)).isEqualTo(fixture.singleJvmMetrics(tmp));
  }

  @Test
  void twoEncoderNodesRunThePassesAndTheMetricsAreTheSingleJvmRuns(@TempDir Path tmp)
      throws Exception {
    ClusterSettings cluster =
        ClusterSettings.fromConfig(
            fixture.config.withValue(
                "edgetune.cluster.encoder-nodes", ConfigValueFactory.fromAnyRef(2)));
    int[] ports = LoopbackCluster.freePorts(5);
    List<String> seeds = List.of(LoopbackCluster.HOST + ":" + ports[0]);
    List<ActorSystem<Void>> nodes = new ArrayList<>();
    RunResult clustered;
    try (OutputDirectory out = new OutputDirectory(tmp.resolve("cluster"))) {
      for (int i = 1; i <= 2; i++) {
        nodes.add(fixture.deviceNode(ports[i], seeds, cluster));
        nodes.add(fixture.encoderNode(fixture.settings, ports[i + 2], seeds, cluster, () -> {}));
      }
      clustered =
          fixture.server(fixture.settings, fixture.config, cluster, ports[0], seeds, out, r -> {});
      // Both encoder nodes computed passes (their DJL work), the server's own workers none.
      assertThat(DjlWork.of(nodes.get(1)).busySeconds()).isPositive();
      assertThat(DjlWork.of(nodes.get(3)).busySeconds()).isPositive();
    } finally {
      nodes.forEach(LoopbackCluster::awaitEnd);
    }

    assertThat(clustered.rounds()).hasSize(5);
    assertThat(clustered.rounds()).allSatisfy(r -> assertThat(r.dropped()).isEmpty());
    assertThat(MetricsLines.withoutWallTime(tmp.resolve("cluster")))
        .isEqualTo(fixture.singleJvmMetrics(tmp));
  }

  @Test
  void anEncoderNodeLostMidRoundHasItsDevicesRedoneOnTheOtherAndTheRunEndsAsIfNothingHappened(
      @TempDir Path tmp) throws Exception {
    Config faulty =
        ConfigFactory.parseString("edgetune.faults.plan = [{round = 2, kind = encoder-node-loss}]")
            .withFallback(
                fixture
                    .config
                    .withValue("edgetune.cluster.encoder-nodes", ConfigValueFactory.fromAnyRef(2))
                    // Far beyond the test's time: the lost node must be found by the cluster, not a
                    // timeout.
                    .withValue(
                        "edgetune.cluster.encoder-timeout-s", ConfigValueFactory.fromAnyRef(600)));
    SimulationSettings withFault = SimulationSettings.fromConfig(faulty, true);
    ClusterSettings cluster = ClusterSettings.fromConfig(faulty);
    int[] ports = LoopbackCluster.freePorts(5);
    List<String> seeds = List.of(LoopbackCluster.HOST + ":" + ports[0]);
    List<ActorSystem<Void>> nodes = new ArrayList<>();
    List<ActorSystem<Void>> halted = new ArrayList<>();
    Path dir = tmp.resolve("cluster");
    RunResult clustered;
    try (OutputDirectory out = new OutputDirectory(dir)) {
      for (int i = 1; i <= 2; i++) {
        nodes.add(fixture.deviceNode(ports[i], seeds, cluster));
        AtomicReference<ActorSystem<Void>> self = new AtomicReference<>();
        // In one JVM the halted node's actor stops without a word and its system shuts down at once
        // (the CLI halts the JVM instead): the server must learn it from the cluster, not a
        // timeout.
        self.set(
            fixture.encoderNode(
                withFault,
                ports[i + 2],
                seeds,
                cluster,
                () -> {
                  halted.add(self.get());
                  self.get().terminate();
                }));
        nodes.add(self.get());
      }
      clustered = fixture.server(withFault, faulty, cluster, ports[0], seeds, out, r -> {});
    } finally {
      halted.forEach(ActorSystem::terminate);
      nodes.forEach(LoopbackCluster::awaitEnd);
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
    assertThat(undisturbed).isEqualTo(fixture.singleJvmMetrics(tmp));
  }
}
