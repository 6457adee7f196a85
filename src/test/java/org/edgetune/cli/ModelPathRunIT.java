package org.edgetune.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.edgetune.model.ModelDirs;
import org.edgetune.model.PretrainedModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code simulate} with {@code edgetune.model.path}: a model of another shape runs end to end and
 * its sizes reach the energy model; a directory that is not a BERT encoder is bad input.
 */
class ModelPathRunIT {

  private static final String[] TINY = {
    "--set", "edgetune.wireless.devices=3",
    "--set", "edgetune.schedule.rounds=2",
    "--set", "edgetune.schedule.policy=full",
    "--set", "edgetune.data.max-train-examples=48",
    "--set", "edgetune.data.max-test-examples=16",
  };

  /**
   * MiniLM cut to 3 layers against the bundled 6-layer MiniLM, same seed and cell. The device side
   * (embeddings and head) is the same size, so every device's energy is the same in both runs,
   * while the server's encoder time per step halves: 0.2 s → 0.1 s (τ = 1). Every device waits for
   * it, so each round's latency is exactly 0.1 s shorter.
   */
  @Test
  void aThreeLayerEncoderRunsEndToEndAndItsServerTimeFollowsItsLayers(@TempDir Path tmp)
      throws Exception {
    Path dir =
        ModelDirs.edited(
            PretrainedModel.ALL_MINILM_L6_V2,
            tmp.resolve("minilm-3"),
            m -> ModelDirs.truncated(m, 3));
    Path bundledOut = tmp.resolve("bundled");
    Path cutOut = tmp.resolve("cut");

    CliRun bundled = CliRun.of(args("--out", bundledOut.toString()));
    CliRun cut =
        CliRun.of(args("--out", cutOut.toString(), "--set", "edgetune.model.path=\"" + dir + "\""));
    assertThat(bundled.exit()).as(bundled.err()).isZero();
    assertThat(cut.exit()).as(cut.err()).isZero();

    List<JsonNode> six = rounds(bundledOut);
    List<JsonNode> three = rounds(cutOut);
    assertThat(three).hasSize(2).hasSameSizeAs(six);
    for (int t = 0; t < three.size(); t++) {
      assertThat(three.get(t).get("scheduled")).isEqualTo(six.get(t).get("scheduled"));
      assertThat(three.get(t).get("round_energy_j").asDouble())
          .isCloseTo(six.get(t).get("round_energy_j").asDouble(), within(1e-12));
      assertThat(
              six.get(t).get("round_latency_s").asDouble()
                  - three.get(t).get("round_latency_s").asDouble())
          .isCloseTo(0.1, within(1e-9));
    }
    JsonNode summary = new ObjectMapper().readTree(cutOut.resolve("summary.json").toFile());
    assertThat(summary.get("model").asText()).isEqualTo(dir.toString());
    assertThat(Files.readString(cutOut.resolve("edgetune.log")))
        .contains("layers 3, hidden 384, intermediate 1536");
  }

  @Test
  void aDirectoryWithoutABertEncoderIsBadInputAndNothingIsWritten(@TempDir Path tmp)
      throws Exception {
    Path dir = ModelDirs.bundled(PretrainedModel.ALL_MINILM_L6_V2, tmp.resolve("model"));
    Files.writeString(dir.resolve("model.onnx"), "not a model\n");
    Path out = tmp.resolve("run");
    CliRun r =
        CliRun.of(args("--out", out.toString(), "--set", "edgetune.model.path=\"" + dir + "\""));
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err())
        .contains("edgetune.model.path")
        .contains(dir.resolve("model.onnx").toString())
        .contains("ONNX model");
    assertThat(r.err().lines().count()).isEqualTo(1);
    assertThat(out).doesNotExist();
  }

  private static String[] args(String... extra) {
    List<String> all = new ArrayList<>(List.of("simulate"));
    all.addAll(List.of(TINY));
    all.addAll(List.of(extra));
    return all.toArray(String[]::new);
  }

  private static List<JsonNode> rounds(Path out) throws Exception {
    ObjectMapper json = new ObjectMapper();
    List<JsonNode> rounds = new ArrayList<>();
    for (String line : Files.readAllLines(out.resolve("metrics.jsonl"))) {
      JsonNode row = json.readTree(line);
      if (row.has("round_latency_s")) {
        rounds.add(row);
      }
    }
    return rounds;
  }
}
