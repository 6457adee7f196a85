package org.edgetune.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.edgetune.output.OutputDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScheduleSimCommandTest {

  @Test
  void writesMetricsSummaryAndPlots(@TempDir Path dir) throws Exception {
    CliRun r =
        CliRun.of(
            "schedule-sim",
            "--config",
            "conf/schedule.conf",
            "--policy",
            "lyapunov-uniform",
            "--devices",
            "12",
            "--rounds",
            "40",
            "--out",
            dir.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    List<String> lines = Files.readAllLines(dir.resolve("metrics.jsonl"));
    assertThat(lines).hasSize(40);
    JsonNode first = OutputDirectory.JSON.readTree(lines.get(0));
    assertThat(first.get("round").asInt()).isZero();
    assertThat(first.get("scheduled").asInt()).isEqualTo(first.get("grants").size());
    JsonNode summary = OutputDirectory.JSON.readTree(dir.resolve("summary.json").toFile());
    assertThat(summary.get("policy").asText()).isEqualTo("lyapunov-uniform");
    assertThat(summary.get("devices").asInt()).isEqualTo(12);
    assertThat(summary.get("rounds").asInt()).isEqualTo(40);
    assertThat(summary.get("avg_energy_j").size()).isEqualTo(12);
    for (String field :
        new String[] {
          "seed",
          "max_energy_ratio",
          "mean_energy_ratio",
          "idle_share",
          "bound_sum",
          "mean_scheduled",
          "mean_round_latency_s",
          "guard_binds",
          "energy_budget_j",
          "wall_seconds"
        }) {
      assertThat(summary.has(field)).as(field).isTrue();
    }
    double maxAvg = 0;
    for (JsonNode e : summary.get("avg_energy_j")) {
      maxAvg = Math.max(maxAvg, e.asDouble());
    }
    assertThat(summary.get("max_energy_ratio").asDouble())
        .isCloseTo(maxAvg / 0.03, org.assertj.core.data.Offset.offset(1e-12));
    for (String png : new String[] {"scheduled.png", "queues.png", "energy.png", "shares.png"}) {
      assertThat(Files.size(dir.resolve(png))).as(png).isGreaterThan(1000);
    }
  }

  @Test
  void badInputIsOneLineAndExitCodeTwo(@TempDir Path dir) {
    CliRun unknownPolicy = CliRun.of("schedule-sim", "--policy", "greedy", "--out", dir.toString());
    assertThat(unknownPolicy.exit()).isEqualTo(2);
    assertThat(unknownPolicy.err().strip())
        .doesNotContain("\n")
        .contains("unknown policy 'greedy'");

    CliRun noDevices = CliRun.of("schedule-sim", "--devices", "0", "--out", dir.toString());
    assertThat(noDevices.exit()).isEqualTo(2);
    assertThat(noDevices.err().strip()).doesNotContain("\n").contains("--devices");

    CliRun missingFile =
        CliRun.of(
            "schedule-sim",
            "--config",
            dir.resolve("nope.conf").toString(),
            "--out",
            dir.toString());
    assertThat(missingFile.exit()).isEqualTo(2);
    assertThat(missingFile.err().strip()).doesNotContain("\n").contains("nope.conf");

    CliRun badV =
        CliRun.of(
            "schedule-sim", "--set", "edgetune.schedule.lyapunov-v=fast", "--out", dir.toString());
    assertThat(badV.exit()).isEqualTo(2);
    assertThat(badV.err()).contains("edgetune.schedule.lyapunov-v").contains("auto");

    CliRun badValue =
        CliRun.of(
            "schedule-sim",
            "--set",
            "edgetune.schedule.energy-budget-j=-1",
            "--out",
            dir.toString());
    assertThat(badValue.exit()).isEqualTo(2);
    assertThat(badValue.err()).contains("edgetune.schedule.energy-budget-j");
  }
}
