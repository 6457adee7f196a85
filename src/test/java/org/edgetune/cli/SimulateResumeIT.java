package org.edgetune.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.edgetune.config.ConfigLoader;
import org.edgetune.output.OutputDirectory;
import org.edgetune.report.MetricsLines;
import org.edgetune.testing.Await;
import org.edgetune.testing.ChildJvm;
import org.edgetune.testing.TestCorpus;
import org.edgetune.testing.TestTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code simulate --resume}: a run killed with SIGKILL and resumed ends with the same metrics.jsonl
 * as an uninterrupted run, wall time aside; a directory without a usable checkpoint is refused and
 * left as it was.
 */
class SimulateResumeIT {

  private static final int ROUNDS = 6;
  private static final Pattern CHECKPOINT = Pattern.compile("round-(\\d+)\\.ckpt");

  /** The committed corpus fixture, the real model, 4 devices: a round takes a few seconds. */
  private static List<String> overrides() {
    return TestCorpus.smallRun(
        "edgetune.schedule.rounds=" + ROUNDS,
        "edgetune.federated.eval-every=2",
        "edgetune.federated.round-timeout-s=" + TestTime.seconds(60));
  }

  @Test
  void killedRunResumesToTheUninterruptedMetrics(@TempDir Path tmp) throws Exception {
    Path killed = tmp.resolve("killed");
    Process child = startChild(killed, tmp.resolve("child.log"));
    try {
      awaitCheckpointOfRound(2, killed.resolve("checkpoints"), child, tmp.resolve("child.log"));
    } finally {
      child.destroyForcibly();
      child.waitFor(60, TimeUnit.SECONDS);
    }
    assertThat(killed.resolve("summary.json"))
        .as("the run was stopped before its end")
        .doesNotExist();
    // A kill in the middle of a write leaves a torn last line; it belongs to no checkpoint.
    Files.writeString(killed.resolve("metrics.jsonl"), "{\"round\":", StandardOpenOption.APPEND);

    CliRun resumed = CliRun.of("simulate", "--resume", "--out", killed.toString());
    assertThat(resumed.exit()).as(resumed.err()).isZero();

    Path whole = tmp.resolve("whole");
    List<String> fresh = new ArrayList<>(List.of("simulate", "--out", whole.toString()));
    overrides().forEach(o -> fresh.addAll(List.of("--set", o)));
    CliRun uninterrupted = CliRun.of(fresh.toArray(String[]::new));
    assertThat(uninterrupted.exit()).as(uninterrupted.err()).isZero();

    List<JsonNode> expected = MetricsLines.withoutWallTime(whole);
    assertThat(expected).hasSize(ROUNDS);
    assertThat(expected.get(ROUNDS - 1).has("accuracy")).isTrue();
    assertThat(MetricsLines.withoutWallTime(killed)).containsExactlyElementsOf(expected);

    JsonNode summary = OutputDirectory.JSON.readTree(killed.resolve("summary.json").toFile());
    JsonNode wholeSummary = OutputDirectory.JSON.readTree(whole.resolve("summary.json").toFile());
    assertThat(summary.get("rounds").asInt()).isEqualTo(ROUNDS);
    assertThat(summary.get("final_f1")).isEqualTo(wholeSummary.get("final_f1"));
    assertThat(summary.get("avg_energy_j")).isEqualTo(wholeSummary.get("avg_energy_j"));
    assertThat(Files.readString(killed.resolve("edgetune.log")))
        .containsPattern("resuming from round [3-5] \\(checkpoint .*round-00000[2-4]\\.ckpt\\)");
    assertThat(checkpointRounds(killed.resolve("checkpoints"))).containsExactly(3L, 4L, 5L);

    CliRun again = CliRun.of("simulate", "--resume", "--out", killed.toString());
    assertThat(again.exit()).isZero();
  }

  @Test
  void onlyDamagedCheckpointsAreRefusedAndNothingIsTouched(@TempDir Path tmp) throws IOException {
    Path run = tmp.resolve("run");
    Files.createDirectories(run.resolve("checkpoints"));
    Files.writeString(
        run.resolve("config.conf"), RunOptions.render(ConfigLoader.load(null, overrides())));
    Files.writeString(run.resolve("metrics.jsonl"), "{\"round\":0}\n{\"round\":1}\n");
    Files.write(
        run.resolve("checkpoints/round-000001.ckpt"),
        "EDGECKPT and then garbage".getBytes(StandardCharsets.US_ASCII));
    Files.write(run.resolve("checkpoints/round-000000.ckpt"), new byte[0]);
    Map<String, byte[]> before = contents(run);

    CliRun r = CliRun.of("simulate", "--resume", "--out", run.toString());

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err())
        .startsWith("edgetune: no valid checkpoint in " + run.resolve("checkpoints"))
        .contains("round-000001.ckpt: ")
        .contains("round-000000.ckpt: truncated");
    assertThat(r.err().lines().count()).isEqualTo(1);
    Map<String, byte[]> after = contents(run);
    assertThat(after).containsOnlyKeys(before.keySet());
    before.forEach((name, bytes) -> assertThat(after.get(name)).as(name).isEqualTo(bytes));
  }

  @Test
  void resumeTakesNoOtherConfig(@TempDir Path tmp) throws IOException {
    Files.writeString(tmp.resolve("config.conf"), "edgetune.seed = 1\n");
    CliRun r =
        CliRun.of("simulate", "--resume", "--out", tmp.toString(), "--set", "edgetune.seed=7");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err())
        .contains("cannot be combined with --config, --faults, --set, --classpath or --overwrite");
  }

  @Test
  void resumeNeedsAnEarlierRun(@TempDir Path tmp) {
    CliRun r = CliRun.of("simulate", "--resume", "--out", tmp.toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains(tmp + " holds no config.conf");
  }

  private static Process startChild(Path out, Path log) throws IOException {
    return ChildJvm.start(log, List.of("simulate", "--out", out.toString()), overrides());
  }

  private static void awaitCheckpointOfRound(long round, Path dir, Process child, Path log) {
    Await.until(
        "a checkpoint of round " + round,
        Duration.ofMinutes(5),
        () -> uncheckedCheckpointRounds(dir).stream().anyMatch(r -> r >= round),
        () ->
            child.isAlive()
                ? null
                : "the child run ended (exit " + child.exitValue() + "):\n" + readQuietly(log));
  }

  private static List<Long> uncheckedCheckpointRounds(Path dir) {
    try {
      return checkpointRounds(dir);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String readQuietly(Path log) {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(log unreadable: " + e + ")";
    }
  }

  private static List<Long> checkpointRounds(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .map(p -> CHECKPOINT.matcher(p.getFileName().toString()))
          .filter(Matcher::matches)
          .map(m -> Long.parseLong(m.group(1)))
          .sorted()
          .toList();
    }
  }

  private static Map<String, byte[]> contents(Path dir) throws IOException {
    Map<String, byte[]> out = new TreeMap<>();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.filter(Files::isRegularFile).toList()) {
        out.put(dir.relativize(p).toString(), Files.readAllBytes(p));
      }
    }
    return out;
  }
}
