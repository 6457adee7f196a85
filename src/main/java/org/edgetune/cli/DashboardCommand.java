package org.edgetune.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.edgetune.dashboard.DashboardServer;
import org.edgetune.dashboard.RunBrowser;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code edgetune dashboard --runs DIR}: browse the runs under DIR in a web page, compare them and
 * open an experiment's figures and tables. Read-only; it serves until stopped (Ctrl-C).
 */
@Command(
    name = "dashboard",
    mixinStandardHelpOptions = true,
    description =
        "Web dashboard of the finished runs under a directory (read-only); serves until Ctrl-C.")
final class DashboardCommand implements Callable<Integer> {

  @Option(
      names = "--runs",
      required = true,
      paramLabel = "DIR",
      description =
          "Directory holding runs (simulate, compare, experiment, node outputs), e.g. runs.")
  Path runs;

  @Option(names = "--port", description = "Port (default ${DEFAULT-VALUE}; 0 picks a free one).")
  int port = 8080;

  @Option(
      names = "--host",
      paramLabel = "ADDRESS",
      description = "Address to bind (default ${DEFAULT-VALUE}, this machine only).")
  String host = DashboardOptions.LOOPBACK;

  @Override
  public Integer call() throws InterruptedException {
    if (!Files.isDirectory(runs)) {
      throw new BadInputException("--runs " + runs + " is not a directory");
    }
    if (port < 0 || port > 65_535) {
      throw new BadInputException("--port " + port + " is out of range; allowed [0, 65535]");
    }
    DashboardServer server;
    try {
      server = DashboardServer.start(host, port, null, new RunBrowser(runs));
    } catch (DashboardServer.CannotListenException e) {
      throw new BadInputException("dashboard: " + e.getMessage(), e);
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  stopped.countDown();
                },
                "dashboard-shutdown"));
    System.out.printf(
        "dashboard: %s (runs under %s); Ctrl-C stops it%n", server.url(), runs.toAbsolutePath());
    System.out.flush();
    stopped.await();
    return 0;
  }
}
