package org.edgetune.dashboard;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.edgetune.testing.ChildJvm;

/**
 * An {@code edgetune} command in a JVM of its own, as a user starts it, on the committed corpus
 * fixture with the small-run overrides of the other tests (4 devices, a round takes a few seconds).
 */
final class ChildRun implements AutoCloseable {

  private static final Pattern URL = Pattern.compile("dashboard: (http://\\S+/)");

  final Process process;
  final Path log;

  private ChildRun(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  static List<String> smallRun(int rounds) {
    return List.of(
        "edgetune.data.archive=\"" + fixtureArchive() + "\"",
        "edgetune.data.partition=iid",
        "edgetune.wireless.devices=4",
        "edgetune.schedule.rounds=" + rounds,
        "edgetune.federated.eval-every=2",
        "edgetune.federated.report-timeout-s=2",
        "edgetune.federated.round-timeout-s=60");
  }

  /** Starts {@code edgetune ARGS --set OVERRIDE...}; its console goes to {@code log}. */
  static ChildRun start(Path log, List<String> args, List<String> overrides) throws IOException {
    return new ChildRun(ChildJvm.start(log, args, overrides), log);
  }

  /** The address the command printed for its dashboard. */
  String awaitDashboardUrl() throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    while (true) {
      Matcher m = URL.matcher(Files.exists(log) ? Files.readString(log) : "");
      if (m.find()) {
        return m.group(1);
      }
      if (!process.isAlive()) {
        throw new AssertionError("the run ended (exit " + process.exitValue() + ") before its dashboard was up:\n"
            + Files.readString(log));
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no dashboard address within 3 minutes:\n" + Files.readString(log));
      }
      Thread.sleep(100);
    }
  }

  int awaitExit(Duration timeout) throws Exception {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("the run did not end within " + timeout + ":\n" + Files.readString(log));
    }
    return process.exitValue();
  }

  @Override
  public void close() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(60, TimeUnit.SECONDS);
  }

  static Path fixtureArchive() {
    try {
      return Path.of(ChildRun.class.getResource("/corpus-fixture/spam-assassin-fixture.tgz").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
