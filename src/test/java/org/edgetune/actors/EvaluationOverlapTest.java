package org.edgetune.actors;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.edgetune.checkpoint.CheckpointFile;
import org.edgetune.checkpoint.InvalidCheckpointException;
import org.edgetune.report.MetricsLines;
import org.edgetune.testing.TestCorpus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * An evaluation beside the following rounds ({@code edgetune.federated.evaluation-overlap}) changes
 * when the scores arrive, not what they are nor where they are written: with an evaluation after
 * every round (so every evaluation overlaps a round), {@code metrics.jsonl} and every checkpoint
 * file are the same bytes as with the evaluations between the rounds, for one and two encoder
 * workers and for one and two PyTorch threads per worker. The run that evaluates in turn is the
 * oracle: its order is the plain sequential one.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EvaluationOverlapTest {

  private SimulationFixture fixture;

  @BeforeAll
  void load() {
    fixture = new SimulationFixture();
  }

  @AfterAll
  void close() {
    fixture.close();
  }

  @Test
  void evaluatingBesideTheRoundsWritesTheSameMetricsAndCheckpoints(@TempDir Path tmp)
      throws Exception {
    Path inTurn = run(tmp.resolve("in-turn"), false, 1, "2");
    // PyTorch's intra-op threads split the work, not the arithmetic: one thread gives the same
    // floats.
    Path beside = run(tmp.resolve("beside"), true, 1, "1");
    Path besideTwoWorkers = run(tmp.resolve("beside-2"), true, 2, "auto");

    List<JsonNode> oracle = MetricsLines.withoutWallTime(inTurn);
    assertThat(oracle).hasSize(4);
    // Every round was evaluated: every evaluation but the last ran beside the next round.
    oracle.forEach(line -> assertThat(line.get("accuracy").isNumber()).isTrue());
    assertThat(MetricsLines.withoutWallTime(beside)).isEqualTo(oracle);
    assertThat(MetricsLines.withoutWallTime(besideTwoWorkers)).isEqualTo(oracle);

    Map<String, byte[]> checkpoints = checkpoints(inTurn);
    assertThat(checkpoints).hasSize(3);
    assertThat(checkpoints(beside)).containsOnlyKeys(checkpoints.keySet());
    checkpoints(beside)
        .forEach((name, bytes) -> assertThat(bytes).as(name).isEqualTo(checkpoints.get(name)));
    checkpoints(besideTwoWorkers)
        .forEach((name, bytes) -> assertThat(bytes).as(name).isEqualTo(checkpoints.get(name)));
    // The newest checkpoint carries the last round's scores, read after they arrived.
    String newest = ((TreeMap<String, byte[]>) checkpoints).lastKey();
    assertThat(CheckpointFile.decode(checkpoints(beside).get(newest)).lastScores().accuracy())
        .isEqualTo(oracle.get(3).get("accuracy").asDouble());
  }

  private Path run(Path dir, boolean overlap, int workers, String engineThreads)
      throws IOException {
    List<String> overrides =
        TestCorpus.smallRun(
            "edgetune.schedule.policy=full",
            "edgetune.schedule.rounds=4",
            "edgetune.federated.eval-every=1",
            "edgetune.federated.round-timeout-s=1800",
            "edgetune.federated.step-timeout-s=900",
            "edgetune.train.batch-size=8",
            "edgetune.federated.evaluation-overlap=" + overlap,
            "edgetune.federated.encoder-workers=" + workers,
            "edgetune.federated.engine-threads=" + engineThreads);
    fixture.runInto(dir, overrides);
    return dir;
  }

  private static Map<String, byte[]> checkpoints(Path run)
      throws IOException, InvalidCheckpointException {
    Map<String, byte[]> files = new TreeMap<>();
    try (Stream<Path> listing = Files.list(run.resolve("checkpoints"))) {
      for (Path file : listing.toList()) {
        byte[] bytes = Files.readAllBytes(file);
        CheckpointFile.decode(bytes);
        files.put(file.getFileName().toString(), bytes);
      }
    }
    return files;
  }
}
