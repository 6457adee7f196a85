package org.edgetune.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.ActorSystem;
import org.edgetune.actors.DjlWork;
import org.edgetune.output.OutputDirectory;
import org.edgetune.report.MetricsLines;
import org.edgetune.sim.RunResult;
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

  private LoopbackCluster fixture;

  @BeforeAll
  void load() {
    fixture =
        new LoopbackCluster(
            "edgetune.model.device-layers=1",
            "edgetune.schedule.policy=full",
            "edgetune.schedule.rounds=3",
            "edgetune.federated.eval-every=3",
            "edgetune.federated.round-timeout-s=" + TestTime.seconds(120),
            "edgetune.cluster.device-nodes=2",
            "edgetune.cluster.encoder-nodes=1");
  }

  @AfterAll
  void close() {
    fixture.close();
  }

  @Test
  void cutGradientsCrossTheNetworkAndTheMetricsAreTheSingleJvmRuns(@TempDir Path tmp)
      throws Exception {
    assertThat(fixture.frames().cutGradients()).isTrue();
    int[] ports = LoopbackCluster.freePorts(4);
    List<String> seeds = List.of(LoopbackCluster.HOST + ":" + ports[0]);
    List<ActorSystem<Void>> nodes = new ArrayList<>();
    RunResult clustered;
    try (OutputDirectory out = new OutputDirectory(tmp.resolve("cluster"))) {
      for (int i = 1; i <= 2; i++) {
        nodes.add(fixture.deviceNode(ports[i], seeds, fixture.cluster));
      }
      nodes.add(fixture.encoderNode(fixture.settings, ports[3], seeds, fixture.cluster, () -> {}));
      clustered = fixture.server(ports[0], seeds, out);
      assertThat(DjlWork.of(nodes.get(2)).busySeconds())
          .as("the encoder node ran the passes")
          .isPositive();
    } finally {
      nodes.forEach(LoopbackCluster::awaitEnd);
    }

    assertThat(clustered.rounds()).hasSize(3);
    assertThat(clustered.rounds()).allSatisfy(r -> assertThat(r.dropped()).isEmpty());
    List<JsonNode> single = fixture.singleJvmMetrics(tmp);
    assertThat(single).allSatisfy(r -> assertThat(r.get("completed")).hasSize(4));
    assertThat(MetricsLines.withoutWallTime(tmp.resolve("cluster"))).isEqualTo(single);
  }
}
