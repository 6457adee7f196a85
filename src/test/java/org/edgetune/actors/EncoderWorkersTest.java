package org.edgetune.actors;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.edgetune.report.MetricsLines;
import org.edgetune.testing.TestCorpus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The edge server's encoder workers split a round's devices, each on its own thread with its own
 * working copies over the shared frozen encoder; the metrics are the same for 1, 2 and 4 workers,
 * line by line (wall time aside), on the real model with two local steps per round (so each worker
 * opens and closes several passes in turn). A worker that crashes mid-pass is replaced and its
 * round runs again on the other worker, ending with the same metrics.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EncoderWorkersTest {

  private SimulationFixture fixture;
  private List<JsonNode> oneWorker;

  @BeforeAll
  void load() {
    fixture = new SimulationFixture();
  }

  @AfterAll
  void close() {
    fixture.close();
  }

  @Test
  void oneTwoAndFourWorkersGiveTheSameMetrics(@TempDir Path tmp) throws IOException {
    List<JsonNode> one = oneWorker(tmp);
    List<JsonNode> two = run(tmp.resolve("two"), 2);
    List<JsonNode> four = run(tmp.resolve("four"), 4);

    assertThat(one).hasSize(2);
    // Every device scheduled every round: each worker has devices, and all of them finish.
    one.forEach(r -> assertThat(r.get("completed").size()).isEqualTo(4));
    assertThat(one.get(1).has("accuracy")).isTrue();
    assertThat(two).isEqualTo(one);
    assertThat(four).isEqualTo(one);
  }

  @Test
  void aCrashedWorkersRoundRunsAgainOnTheOtherWorkerAndEndsAsIfNothingHappened(@TempDir Path tmp)
      throws IOException {
    List<JsonNode> crashed =
        run(tmp.resolve("crashed"), 2, "edgetune.faults.plan=[{round=1, kind=worker-crash}]");

    assertThat(crashed.get(1).get("faults").toString()).isEqualTo("[\"worker-crash\"]");
    assertThat(crashed.get(1).get("retries").asInt()).isEqualTo(1);
    ObjectNode withoutFaults = ((ObjectNode) crashed.get(1)).deepCopy();
    withoutFaults.remove("faults");
    withoutFaults.remove("retries");
    // Every draw is keyed by device and round: the redone work is the work that was lost.
    assertThat(List.of(crashed.get(0), withoutFaults)).isEqualTo(oneWorker(tmp));
  }

  /** The one-worker run, once per test class. */
  private List<JsonNode> oneWorker(Path tmp) throws IOException {
    if (oneWorker == null) {
      oneWorker = run(tmp.resolve("one"), 1);
    }
    return oneWorker;
  }

  private List<JsonNode> run(Path dir, int workers, String... more) throws IOException {
    List<String> overrides =
        TestCorpus.smallRun(
            "edgetune.schedule.policy=full",
            "edgetune.schedule.rounds=2",
            "edgetune.federated.eval-every=2",
            // Deadlines far beyond any round: four workers on two shared cores can be slow, and the
            // metrics must not depend on how slow.
            "edgetune.federated.round-timeout-s=1800",
            "edgetune.federated.step-timeout-s=900",
            "edgetune.train.local-steps=2",
            // Four passes can be open at once: half-size batches keep the test JVM's native memory
            // down.
            "edgetune.train.batch-size=8",
            "edgetune.federated.encoder-workers=" + workers);
    overrides.addAll(List.of(more));
    fixture.runInto(dir, overrides);
    return MetricsLines.withoutWallTime(dir);
  }
}
