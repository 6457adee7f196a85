package org.edgetune.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.edgetune.report.MetricsLines;
import org.edgetune.testing.TestCorpus;
import org.edgetune.testing.TestTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code compare --resume} (issue 15, item 4): a comparison stopped in its second policy keeps the
 * finished first policy untouched, continues the second from its checkpoint, and ends with the
 * metrics the uninterrupted comparison wrote (wall time aside).
 */
class CompareResumeIT {

  private static final int ROUNDS = 2;

  @Test
  void aStoppedComparisonResumesToTheUninterruptedMetrics(@TempDir Path tmp) throws Exception {
    Path out = tmp.resolve("compare");
    List<String> args =
        new ArrayList<>(List.of("compare", "--policies", "myopic,random", "--out", out.toString()));
    for (String override :
        TestCorpus.smallRun(
            "edgetune.schedule.rounds=" + ROUNDS,
            "edgetune.federated.eval-every=1",
            "edgetune.federated.round-timeout-s=" + TestTime.seconds(60))) {
      args.addAll(List.of("--set", override));
    }
    CliRun whole = CliRun.of(args.toArray(String[]::new));
    assertThat(whole.exit()).as(whole.err()).isZero();
    List<JsonNode> expected = MetricsLines.withoutWallTime(out.resolve("random"));
    assertThat(expected).hasSize(ROUNDS);
    String keptSummary = Files.readString(out.resolve("myopic/summary.json"));

    // Stopped during the second policy, after its checkpoint of round 0, with a torn line after it.
    Path random = out.resolve("random");
    Files.delete(random.resolve("summary.json"));
    Files.delete(random.resolve("report.html"));
    Files.delete(out.resolve("compare.json"));
    Files.delete(random.resolve("checkpoints/round-000001.ckpt"));
    List<String> lines = Files.readAllLines(random.resolve("metrics.jsonl"));
    Files.writeString(random.resolve("metrics.jsonl"), lines.get(0) + "\n{\"round\":1,");
    Files.writeString(random.resolve("checkpoints/round-000001.ckpt.tmp"), "half");

    CliRun resumed = CliRun.of("compare", "--resume", "--out", out.toString());
    assertThat(resumed.exit()).as(resumed.err()).isZero();
    assertThat(MetricsLines.withoutWallTime(random)).containsExactlyElementsOf(expected);
    assertThat(Files.readString(out.resolve("myopic/summary.json"))).isEqualTo(keptSummary);
    assertThat(out.resolve("compare.json")).isNotEmptyFile();
    assertThat(random.resolve("checkpoints/round-000001.ckpt.tmp")).doesNotExist();
    assertThat(Files.readString(out.resolve("edgetune.log")))
        .contains("random: resuming from round 1");
  }
}
