package org.edgetune.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.edgetune.testing.TestCorpus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --dashboard refusals: one line naming the problem, exit code 2, and nothing written. */
class DashboardOptionsTest {

  private static String fixture() {
    return TestCorpus.archiveOverride();
  }

  @Test
  void aPortInUseEndsSimulateAndCompareBeforeAnythingIsWritten(@TempDir Path tmp) throws Exception {
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress("127.0.0.1", 0));
      int port = taken.getLocalPort();
      for (String command : new String[] {"simulate", "compare"}) {
        Path out = tmp.resolve(command);
        CliRun r =
            CliRun.of(command, "--dashboard=" + port, "--out", out.toString(), "--set", fixture());
        assertThat(r.exit()).as(r.err()).isEqualTo(2);
        assertThat(r.err())
            .contains("cannot listen on 127.0.0.1:" + port)
            .contains("--dashboard=PORT");
        assertThat(r.err().lines().count()).isEqualTo(1);
        assertThat(out).doesNotExist();
      }
    }
  }

  @Test
  void badDashboardArgumentsAreNamed(@TempDir Path tmp) throws Exception {
    Path out = tmp.resolve("run");
    CliRun range =
        CliRun.of("simulate", "--dashboard=70000", "--out", out.toString(), "--set", fixture());
    assertThat(range.exit()).isEqualTo(2);
    assertThat(range.err()).contains("--dashboard 70000 is out of range");
    CliRun host =
        CliRun.of(
            "simulate", "--dashboard-host", "0.0.0.0", "--out", out.toString(), "--set", fixture());
    assertThat(host.exit()).isEqualTo(2);
    assertThat(host.err()).contains("--dashboard-host needs --dashboard");
    CliRun device =
        CliRun.of("node", "--role", "device", "--seed-nodes", "127.0.0.1:1", "--dashboard");
    assertThat(device.exit()).isEqualTo(2);
    assertThat(device.err()).contains("--dashboard is for the server node");
    CliRun runs = CliRun.of("dashboard", "--runs", tmp.resolve("absent").toString());
    assertThat(runs.exit()).isEqualTo(2);
    assertThat(runs.err()).contains("--runs " + tmp.resolve("absent") + " is not a directory");
    assertThat(out).doesNotExist();
  }
}
