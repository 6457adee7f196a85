package org.edgetune.dashboard;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.edgetune.testing.Await;
import org.edgetune.testing.ChildJvm;
import org.edgetune.testing.TestCorpus;
import org.edgetune.testing.TestTime;

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
    return TestCorpus.smallRun(
        "edgetune.schedule.rounds=" + rounds,
        "edgetune.federated.eval-every=2",
        "edgetune.federated.round-timeout-s=" + TestTime.seconds(60));
  }

  /** Starts {@code edgetune ARGS --set OVERRIDE...}; its console goes to {@code log}. */
  static ChildRun start(Path log, List<String> args, List<String> overrides) throws IOException {
    return new ChildRun(ChildJvm.start(log, args, overrides), log);
  }

  /** The address the command printed for its dashboard. */
  String awaitDashboardUrl() {
    Await.until(
        "the dashboard's address in the log",
        Duration.ofMinutes(3),
        () -> URL.matcher(logText()).find(),
        () ->
            process.isAlive()
                ? null
                : "the run ended (exit " + process.exitValue() + "):\n" + logText());
    Matcher m = URL.matcher(logText());
    m.find();
    return m.group(1);
  }

  /** The child's console so far ("" before it wrote any). */
  String logText() {
    try {
      return Files.exists(log) ? Files.readString(log) : "";
    } catch (IOException e) {
      return "(log unreadable: " + e + ")";
    }
  }

  int awaitExit(Duration timeout) throws Exception {
    Duration scaled = TestTime.scaled(timeout);
    if (!process.waitFor(scaled.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError(
          "the run did not end within " + scaled + ":\n" + Files.readString(log));
    }
    return process.exitValue();
  }

  @Override
  public void close() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(60, TimeUnit.SECONDS);
  }
}
