package org.edgetune.actors;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.Config;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.edgetune.config.ConfigLoader;
import org.edgetune.report.MetricsLines;
import org.edgetune.report.OutputDirectory;
import org.edgetune.sim.SimulationSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The edge server's encoder workers split a round's devices, each on its own thread with its own
 * working copies over the shared frozen encoder; the metrics are the same for 1, 2 and 4 workers,
 * line by line (wall time aside), on the real model with two local steps per round (so each worker
 * opens and closes several passes in turn).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EncoderWorkersTest {

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
  void oneTwoAndFourWorkersGiveTheSameMetrics(@TempDir Path tmp) throws IOException {
    List<JsonNode> one = run(tmp.resolve("one"), 1);
    List<JsonNode> two = run(tmp.resolve("two"), 2);
    List<JsonNode> four = run(tmp.resolve("four"), 4);

    assertThat(one).hasSize(2);
    // Every device scheduled every round: each worker has devices, and all of them finish.
    one.forEach(r -> assertThat(r.get("completed").size()).isEqualTo(4));
    assertThat(one.get(1).has("accuracy")).isTrue();
    assertThat(two).isEqualTo(one);
    assertThat(four).isEqualTo(one);
  }

  private List<JsonNode> run(Path dir, int workers) throws IOException {
    List<String> overrides = new ArrayList<>(List.of(
        "edgetune.data.archive=\"" + SimulationFixture.fixtureArchive() + "\"",
        "edgetune.data.partition=iid",
        "edgetune.wireless.devices=4",
        "edgetune.schedule.policy=full",
        "edgetune.schedule.rounds=2",
        "edgetune.federated.eval-every=2",
        "edgetune.federated.report-timeout-s=2",
        "edgetune.federated.round-timeout-s=120",
        "edgetune.federated.step-timeout-s=60",
        "edgetune.train.local-steps=2",
        "edgetune.federated.encoder-workers=" + workers));
    Config config = ConfigLoader.load(null, overrides);
    SimulationSettings settings = SimulationSettings.fromConfig(config);
    try (OutputDirectory out = new OutputDirectory(dir)) {
      Simulation.run(settings, config, fixture.model, fixture.tokenizer, fixture.split, out, r -> {});
    }
    return MetricsLines.withoutWallTime(dir);
  }
}
