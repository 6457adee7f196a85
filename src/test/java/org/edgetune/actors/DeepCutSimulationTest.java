package org.edgetune.actors;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.edgetune.checkpoint.CheckpointStore;
import org.edgetune.model.FloatTensor;
import org.edgetune.model.ParameterState;
import org.edgetune.output.OutputDirectory;
import org.edgetune.report.MetricsLines;
import org.edgetune.sim.ResumePoint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A short federated run with the first encoder layer on the devices ({@code device-layers} = 1): it
 * trains (every device every round, so the deep cut's path runs), the same seed gives the same
 * metrics.jsonl, the checkpointed device state holds the layer's adapters as trained and averaged,
 * and a run resumed from a checkpoint ends with the uninterrupted run's metrics.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeepCutSimulationTest {

  private SimulationFixture fixture;

  @BeforeAll
  void load() {
    fixture =
        new SimulationFixture("edgetune.model.device-layers=1", "edgetune.schedule.policy=full");
  }

  @AfterAll
  void close() {
    fixture.close();
  }

  @Test
  void sameSeedSameMetricsAndTheDeviceLayersAdaptersAreTrainedAndCheckpointed(@TempDir Path tmp)
      throws IOException {
    List<JsonNode> first = run(tmp.resolve("a"));
    List<JsonNode> second = run(tmp.resolve("b"));

    assertThat(first).hasSize(3);
    assertThat(first)
        .allSatisfy(
            r -> {
              assertThat(r.get("completed")).hasSize(4);
              // Each device computes its layer's forward and backward: more than a joule a round.
              assertThat(r.get("round_energy_j").asDouble()).isGreaterThan(4 * 1.0);
            });
    assertThat(first.get(2).has("accuracy")).isTrue();
    assertThat(second).isEqualTo(first);

    ParameterState device =
        newestCheckpoint(tmp.resolve("a")).checkpoint().server().head().values();
    ParameterState initial = fixture.model.initialHead(fixture.settings.seed());
    assertThat(device.tensors().keySet())
        .containsExactlyElementsOf(initial.tensors().keySet())
        .anyMatch(name -> name.startsWith("encoder.layer.0.") && name.endsWith(".lora_B"));
    for (String name : initial.tensors().keySet()) {
      assertThat(maxAbsDifference(device.get(name), initial.get(name)))
          .as(name)
          .isGreaterThan(1e-7);
    }
    ParameterState serverLora =
        newestCheckpoint(tmp.resolve("a")).checkpoint().server().lora().values();
    assertThat(serverLora.tensors().keySet())
        .noneMatch(name -> name.startsWith("encoder.layer.0."));
  }

  @Test
  void aResumedRunEndsWithTheUninterruptedRunsMetrics(@TempDir Path tmp) throws IOException {
    List<JsonNode> whole = run(tmp.resolve("whole"));
    Path stopped = tmp.resolve("stopped");
    copy(tmp.resolve("whole"), stopped);
    // Stopped after round 1: its metrics hold two complete lines and half of the third.
    List<String> lines = Files.readAllLines(stopped.resolve("metrics.jsonl"));
    Files.writeString(
        stopped.resolve("metrics.jsonl"),
        lines.get(0) + "\n" + lines.get(1) + "\n" + lines.get(2).substring(0, 20));

    try (OutputDirectory out = new OutputDirectory(stopped)) {
      ResumePoint from =
          ResumePoint.find(out, CheckpointStore.ofRun(stopped, fixture.settings.checkpoint()));
      assertThat(from.checkpoint().nextRound()).isEqualTo(2);
      Simulation.resume(fixture.inputs(), out, from, r -> {});
    }
    assertThat(MetricsLines.withoutWallTime(stopped)).isEqualTo(whole);
  }

  private List<JsonNode> run(Path dir) throws IOException {
    try (OutputDirectory out = new OutputDirectory(dir)) {
      Simulation.run(fixture.inputs(), out, r -> {});
    }
    return MetricsLines.withoutWallTime(dir);
  }

  private ResumePoint newestCheckpoint(Path dir) {
    try (OutputDirectory out = new OutputDirectory(dir)) {
      return ResumePoint.find(out, CheckpointStore.ofRun(dir, fixture.settings.checkpoint()));
    }
  }

  private static double maxAbsDifference(FloatTensor a, FloatTensor b) {
    double max = 0;
    for (int i = 0; i < a.values().length; i++) {
      max = Math.max(max, Math.abs(a.values()[i] - b.values()[i]));
    }
    return max;
  }

  private static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : files.toList()) {
        Path target = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          Files.copy(f, target);
        }
      }
    }
  }
}
