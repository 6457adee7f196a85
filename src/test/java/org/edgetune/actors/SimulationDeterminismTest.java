package org.edgetune.actors;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.edgetune.output.OutputDirectory;
import org.edgetune.report.MetricsLines;
import org.edgetune.sim.RunResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same seed gives the same metrics.jsonl, wall time aside, whatever the message timing: every
 * draw is keyed and aggregation runs in device-id order. A different seed must change them, or the
 * comparison would prove nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SimulationDeterminismTest {

  private SimulationFixture fixture;
  private List<JsonNode> baseline;

  @BeforeAll
  void load() {
    fixture = new SimulationFixture("edgetune.schedule.policy=lyapunov");
  }

  @AfterAll
  void close() {
    fixture.close();
  }

  /** The run the others are compared with, once per class. */
  private List<JsonNode> baseline(Path tmp) throws IOException {
    if (baseline == null) {
      baseline = run(tmp.resolve("baseline"), fixture);
    }
    return baseline;
  }

  @Test
  void sameSeedSameMetrics(@TempDir Path tmp) throws IOException {
    List<JsonNode> first = baseline(tmp);
    List<JsonNode> second = run(tmp.resolve("b"), fixture);

    assertThat(first).hasSize(3);
    assertThat(first.get(2).has("accuracy")).isTrue();
    assertThat(first.stream().mapToInt(r -> r.get("n_scheduled").asInt()).sum()).isPositive();
    assertThat(second).isEqualTo(first);
  }

  @Test
  void otherSeedOtherMetrics(@TempDir Path tmp) throws IOException {
    List<JsonNode> base = baseline(tmp);
    try (SimulationFixture other =
        fixture.sharingModel("edgetune.schedule.policy=lyapunov", "edgetune.seed=7")) {
      assertThat(run(tmp.resolve("b"), other)).isNotEqualTo(base);
    }
  }

  @Test
  void batchedEncoderRunMatchesThePerDeviceRun(@TempDir Path tmp) throws IOException {
    List<JsonNode> perDevice = baseline(tmp);
    try (SimulationFixture batched =
        fixture.sharingModel(
            "edgetune.schedule.policy=lyapunov", "edgetune.federated.batch-encoder=true")) {
      List<JsonNode> batchedRun = run(tmp.resolve("b"), batched);
      assertThat(batchedRun).hasSameSizeAs(perDevice);
      for (int i = 0; i < perDevice.size(); i++) {
        JsonNode a = perDevice.get(i);
        JsonNode b = batchedRun.get(i);
        assertThat(b.get("scheduled")).isEqualTo(a.get("scheduled"));
        assertThat(b.get("completed")).isEqualTo(a.get("completed"));
        assertThat(b.get("energy_j")).isEqualTo(a.get("energy_j"));
        assertThat(b.get("train_loss").asDouble())
            .isCloseTo(a.get("train_loss").asDouble(), org.assertj.core.data.Offset.offset(1e-4));
      }
      assertThat(batchedRun.get(2).get("accuracy").asDouble())
          .isCloseTo(
              perDevice.get(2).get("accuracy").asDouble(),
              org.assertj.core.data.Offset.offset(0.02));
    }
  }

  private static List<JsonNode> run(Path dir, SimulationFixture f) throws IOException {
    try (OutputDirectory out = new OutputDirectory(dir)) {
      RunResult result = Simulation.run(f.inputs(), out, r -> {});
      assertThat(result.rounds()).hasSize(3);
    }
    return MetricsLines.withoutWallTime(dir);
  }
}
