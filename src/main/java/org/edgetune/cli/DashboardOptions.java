package org.edgetune.cli;

import org.edgetune.dashboard.DashboardServer;
import org.edgetune.dashboard.LiveDashboard;
import picocli.CommandLine.Option;

/** {@code --dashboard[=PORT]} and {@code --dashboard-host}: the live dashboard of a run command. */
final class DashboardOptions {

  static final String LOOPBACK = "127.0.0.1";

  @Option(
      names = "--dashboard",
      arity = "0..1",
      fallbackValue = "8080",
      paramLabel = "PORT",
      description =
          "Serve a live dashboard of the run at http://127.0.0.1:PORT/ (PORT 8080 if not given; 0 picks a free one).")
  Integer port;

  @Option(
      names = "--dashboard-host",
      paramLabel = "ADDRESS",
      description =
          "Address the dashboard binds (default 127.0.0.1, this machine only); another address opens it to that network.")
  String host;

  /**
   * Binds the dashboard if asked for, before the command writes anything, so that a port in use
   * ends the command with exit code 2 and no output.
   */
  LiveDashboard start() {
    if (port == null) {
      if (host != null) {
        throw new BadInputException("--dashboard-host needs --dashboard");
      }
      return LiveDashboard.none();
    }
    if (port < 0 || port > 65_535) {
      throw new BadInputException("--dashboard " + port + " is out of range; allowed [0, 65535]");
    }
    String address = host == null ? LOOPBACK : host;
    try {
      return LiveDashboard.start(address, port);
    } catch (DashboardServer.CannotListenException e) {
      throw new BadInputException(
          "--dashboard: "
              + e.getMessage()
              + (port == 0 ? "" : "; choose another port with --dashboard=PORT"),
          e);
    }
  }
}
