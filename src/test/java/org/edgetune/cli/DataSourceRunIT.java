package org.edgetune.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A data set of the user's own and the Brown task, each through a short simulation end to end (real
 * model, real corpus), and bad data input through the command line: exit code 2, one line naming
 * file, line and field, nothing written.
 */
class DataSourceRunIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static Path resource(String name) {
    try {
      return Path.of(DataSourceRunIT.class.getResource("/user-data/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String[] simulate(Path out, String... overrides) {
    List<String> args = new ArrayList<>(List.of("simulate", "--out", out.toString()));
    for (String o :
        List.of(
            "edgetune.wireless.devices=4",
            "edgetune.schedule.rounds=2",
            "edgetune.federated.eval-every=2",
            "edgetune.train.batch-size=4",
            "edgetune.federated.round-timeout-s=120")) {
      args.addAll(List.of("--set", o));
    }
    for (String o : overrides) {
      args.addAll(List.of("--set", o));
    }
    return args.toArray(String[]::new);
  }

  @Test
  void usersJsonlFileRunsEndToEnd(@TempDir Path tmp) throws Exception {
    Path out = tmp.resolve("run");
    CliRun r =
        CliRun.of(
            simulate(
                out,
                "edgetune.data.source=jsonl",
                "edgetune.data.path=\"" + resource("reviews.jsonl") + "\"",
                "edgetune.data.group-field=user",
                "edgetune.data.partition=by-group",
                "edgetune.model.classes=3"));

    assertThat(r.exit()).as(r.err()).isZero();
    JsonNode summary = JSON.readTree(out.resolve("summary.json").toFile());
    assertThat(summary.get("classes").toString())
        .isEqualTo("[\"negative\",\"neutral\",\"positive\"]");
    assertThat(summary.get("rounds").asInt()).isEqualTo(2);
    // 24 records, 8 per class: the test set holds round(0.2 × 24) = 5 of them, so accuracy is k/5
    double accuracy = summary.get("final_accuracy").asDouble();
    assertThat(accuracy * 5)
        .isCloseTo(Math.rint(accuracy * 5), org.assertj.core.api.Assertions.within(1e-9));
    assertThat(summary.get("final_macro_f1").asDouble()).isBetween(0.0, 1.0);
    assertThat(summary.get("final_f1").asDouble())
        .isEqualTo(summary.get("final_macro_f1").asDouble());
    List<String> metrics = Files.readAllLines(out.resolve("metrics.jsonl"));
    assertThat(metrics).hasSize(2);
    assertThat(JSON.readTree(metrics.get(1)).get("accuracy").asDouble()).isEqualTo(accuracy);
  }

  @Test
  void brownTaskRunsEndToEnd(@TempDir Path tmp) throws Exception {
    Path out = tmp.resolve("run");
    CliRun r =
        CliRun.of(
            simulate(
                out,
                "edgetune.data.source=brown",
                "edgetune.model.classes=4",
                "edgetune.data.partition=by-group",
                "edgetune.data.max-train-examples=400",
                "edgetune.data.max-test-examples=100"));

    assertThat(r.exit()).as(r.err()).isZero();
    JsonNode summary = JSON.readTree(out.resolve("summary.json").toFile());
    assertThat(summary.get("classes").toString())
        .isEqualTo("[\"press\",\"general-prose\",\"learned\",\"fiction\"]");
    double accuracy = summary.get("final_accuracy").asDouble();
    assertThat(accuracy * 100)
        .isCloseTo(Math.rint(accuracy * 100), org.assertj.core.api.Assertions.within(1e-9));
    assertThat(summary.get("final_macro_f1").asDouble()).isBetween(0.0, 1.0);
  }

  @Test
  void badDataFileFailsBeforeAnythingIsWritten(@TempDir Path tmp) throws Exception {
    Path data = tmp.resolve("mine.jsonl");
    Files.writeString(
        data, "{\"text\":\"good\",\"label\":\"a\"}\n{\"text\":\"\",\"label\":\"b\"}\n");
    Path out = tmp.resolve("run");
    CliRun r =
        CliRun.of(
            "simulate",
            "--out",
            out.toString(),
            "--set",
            "edgetune.data.source=jsonl",
            "--set",
            "edgetune.data.path=\"" + data + "\"");

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("mine.jsonl line 2: field 'text' is empty");
    assertThat(r.err().strip().lines().count()).isEqualTo(1);
    assertThat(out).doesNotExist();
  }

  @Test
  void headThatDoesNotFitTheClassesIsRefused(@TempDir Path tmp) {
    Path out = tmp.resolve("run");
    CliRun r =
        CliRun.of(
            "simulate",
            "--out",
            out.toString(),
            "--set",
            "edgetune.data.source=jsonl",
            "--set",
            "edgetune.data.path=\"" + resource("reviews.jsonl") + "\"",
            "--set",
            "edgetune.data.partition=iid");

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err())
        .contains("edgetune.model.classes")
        .contains("3 classes [negative, neutral, positive]");
    assertThat(out).doesNotExist();
  }
}
