package org.edgetune.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input to the main job: one line naming the problem, exit code 2, and nothing written. */
class SimulateCommandTest {

  @Test
  void outOfRangeValueNamesTheKeyAndRange(@TempDir Path tmp) {
    Path out = tmp.resolve("run");
    CliRun r =
        CliRun.of("simulate", "--out", out.toString(), "--set", "edgetune.train.batch-size=0");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("edgetune.train.batch-size").contains("[1, 4096]");
    assertThat(r.err().lines().count()).isEqualTo(1);
    assertThat(out).doesNotExist();
  }

  @Test
  void unknownKeyIsRefused(@TempDir Path tmp) {
    Path out = tmp.resolve("run");
    CliRun r =
        CliRun.of("simulate", "--out", out.toString(), "--set", "edgetune.federated.eval-evry=5");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("edgetune.federated.eval-evry");
    assertThat(out).doesNotExist();
  }

  @Test
  void misspeltSectionIsRefused(@TempDir Path tmp) {
    Path out = tmp.resolve("run");
    CliRun r = CliRun.of("simulate", "--out", out.toString(), "--set", "edgetune.trian.epochs=2");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("edgetune.trian");
    assertThat(out).doesNotExist();
  }

  @Test
  void missingCorpusSaysHowToFetchIt(@TempDir Path tmp) {
    Path out = tmp.resolve("run");
    CliRun r =
        CliRun.of(
            "simulate",
            "--out",
            out.toString(),
            "--set",
            "edgetune.data.archive=\"" + tmp.resolve("absent.tgz") + "\"");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("absent.tgz").contains("scripts/fetch-corpus.sh");
    assertThat(out).doesNotExist();
  }

  @Test
  void missingScenarioFileIsNamed(@TempDir Path tmp) {
    CliRun r =
        CliRun.of(
            "simulate",
            "--config",
            tmp.resolve("nope.conf").toString(),
            "--out",
            tmp.resolve("run").toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("nope.conf");
  }

  @Test
  void nonEmptyOutputDirectoryIsNotOverwritten(@TempDir Path tmp) throws Exception {
    Files.writeString(tmp.resolve("summary.json"), "{}");
    CliRun r = CliRun.of("simulate", "--out", tmp.toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("already holds files");
    assertThat(Files.readString(tmp.resolve("summary.json"))).isEqualTo("{}");
  }
}
