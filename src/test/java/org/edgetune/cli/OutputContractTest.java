package org.edgetune.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.edgetune.config.ConfigException;
import org.edgetune.testing.TestCorpus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The output-directory contract (issue 15, item 1), shown with schedule-sim (no model to load): a
 * directory holding files is refused unless --overwrite, --overwrite leaves no file of the earlier
 * run, and a run that fails on bad input after creating its directory leaves nothing behind.
 */
class OutputContractTest {

  private static final String[] SMALL = {"schedule-sim", "--devices", "6", "--rounds", "5"};

  private static CliRun scheduleSim(Path out, String... more) {
    String[] args = new String[SMALL.length + 2 + more.length];
    System.arraycopy(SMALL, 0, args, 0, SMALL.length);
    args[SMALL.length] = "--out";
    args[SMALL.length + 1] = out.toString();
    System.arraycopy(more, 0, args, SMALL.length + 2, more.length);
    return CliRun.of(args);
  }

  @Test
  void aFinishedRunIsNotReplacedWithoutOverwrite(@TempDir Path tmp) throws Exception {
    Path run = tmp.resolve("run");
    Files.createDirectories(run);
    Files.writeString(run.resolve("metrics.jsonl"), "{\"round\":0}\n");
    Files.writeString(run.resolve("summary.json"), "{}");
    CliRun r = scheduleSim(run);
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains(run.toString()).contains("--overwrite");
    assertThat(Files.readString(run.resolve("metrics.jsonl"))).isEqualTo("{\"round\":0}\n");
    assertThat(Files.readString(run.resolve("summary.json"))).isEqualTo("{}");
  }

  @Test
  void overwriteLeavesNoFileOfTheEarlierRun(@TempDir Path tmp) throws Exception {
    Path run = tmp.resolve("run");
    Files.createDirectories(run.resolve("checkpoints"));
    Files.writeString(run.resolve("config.conf"), "edgetune.seed = 1");
    Files.writeString(run.resolve("report.html"), "<html>old</html>");
    Files.writeString(run.resolve("checkpoints/round-000003.ckpt"), "old");
    CliRun r = scheduleSim(run, "--overwrite");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(run.resolve("report.html")).doesNotExist();
    assertThat(run.resolve("checkpoints")).doesNotExist();
    assertThat(Files.readAllLines(run.resolve("metrics.jsonl"))).hasSize(5);
    assertThat(Files.readString(run.resolve("config.conf"))).contains("devices=6");
  }

  @Test
  void overwriteRefusesADirectoryNoRunWrote(@TempDir Path tmp) throws Exception {
    Files.writeString(tmp.resolve("thesis.tex"), "precious");
    CliRun r = scheduleSim(tmp, "--overwrite");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("no EdgeTune run wrote");
    assertThat(Files.readString(tmp.resolve("thesis.tex"))).isEqualTo("precious");
  }

  @Test
  void emptyPathAndPathsUnderAFileAreRefused(@TempDir Path tmp) throws Exception {
    CliRun empty = CliRun.of("schedule-sim", "--devices", "3", "--rounds", "2", "--out", "");
    assertThat(empty.exit()).isEqualTo(2);
    assertThat(empty.err()).contains("--out is empty");
    Path file = Files.writeString(tmp.resolve("file"), "x");
    CliRun under = scheduleSim(file.resolve("sub/run"));
    assertThat(under.exit()).isEqualTo(2);
    assertThat(under.err()).contains("is a file");
    assertThat(Files.readString(file)).isEqualTo("x");
  }

  @Test
  void aRunThatCannotCreateItsDirectoryNamesItAndLeavesNothing() {
    CliRun r = scheduleSim(Path.of("/proc/edgetune-run"));
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err())
        .contains("/proc/edgetune-run")
        .doesNotContain("Exception:")
        .doesNotContain("\tat ");
  }

  /**
   * A text longer than max-length with truncation off is found only when the corpus is tokenised,
   * after the run's directory, config.conf and edgetune.log were written: the run ends with the
   * message and leaves no directory behind, so the same command works once the input is fixed.
   */
  @Test
  void aDataErrorFoundLateLeavesNoDirectory(@TempDir Path tmp) throws Exception {
    Path run = tmp.resolve("run");
    String archive = TestCorpus.spamFixture().toString();
    CliRun r =
        CliRun.of(
            "simulate",
            "--out",
            run.toString(),
            "--set",
            "edgetune.data.archive=\"" + archive + "\"",
            "--set",
            "edgetune.data.partition=iid",
            "--set",
            "edgetune.wireless.devices=2",
            "--set",
            "edgetune.schedule.rounds=1",
            "--set",
            "edgetune.model.truncation=false",
            "--set",
            "edgetune.model.max-length=8");
    assertThat(r.exit()).as(r.err()).isEqualTo(2);
    assertThat(r.err()).contains("edgetune.model.truncation").contains("edgetune.model.max-length");
    assertThat(run).doesNotExist();
  }

  @Test
  void badInputFoundAfterTheDirectoryWasMadeRemovesIt(@TempDir Path tmp) {
    Path run = tmp.resolve("a/b/run");
    OutputTarget target = OutputTarget.check("--out", run, false);
    assertThatThrownBy(
            () ->
                target.write(
                    out -> {
                      out.writeText("config.conf", "edgetune.seed = 1");
                      throw new ConfigException(
                          "config key 'edgetune.model.truncation' = false and email 7 is too long");
                    }))
        .isInstanceOf(ConfigException.class);
    assertThat(tmp.resolve("a")).doesNotExist();
  }

  @Test
  void aRunWithProgressIsKeptWhateverFails(@TempDir Path tmp) throws Exception {
    Path run = tmp.resolve("run");
    OutputTarget target = OutputTarget.check("--out", run, false);
    assertThatThrownBy(
            () ->
                target.write(
                    out -> {
                      out.appendMetrics(java.util.Map.of("round", 0));
                      throw new ConfigException("late");
                    }))
        .isInstanceOf(ConfigException.class);
    try (Stream<Path> files = Files.list(run)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("metrics.jsonl");
    }
  }
}
