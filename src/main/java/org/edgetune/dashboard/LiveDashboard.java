package org.edgetune.dashboard;

import org.apache.pekko.actor.typed.ActorSystem;

/**
 * The live dashboard of one command (simulate, compare, experiment, a cluster's server node): the
 * server, the feed its clients read and the watcher the command's runs report to. Without {@code
 * --dashboard} it is {@link #none()}: the watcher does nothing and nothing listens.
 */
public final class LiveDashboard implements AutoCloseable {

  private final DashboardServer server;
  private final LiveFeed feed;
  private final RunWatcher watcher;

  private LiveDashboard(DashboardServer server, LiveFeed feed, RunWatcher watcher) {
    this.server = server;
    this.feed = feed;
    this.watcher = watcher;
  }

  public static LiveDashboard none() {
    return new LiveDashboard(null, null, RunWatcher.NONE);
  }

  /**
   * Binds the dashboard and prints its address.
   *
   * @throws DashboardServer.CannotListenException if the address cannot be bound
   */
  public static LiveDashboard start(String host, int port) {
    LiveFeed feed = new LiveFeed();
    DashboardServer server = DashboardServer.start(host, port, feed, null);
    System.out.println("dashboard: " + server.url());
    System.out.flush();
    return new LiveDashboard(server, feed, new LiveRuns(feed));
  }

  public RunWatcher watcher() {
    return watcher;
  }

  /** Shows the members of the cluster {@code node} belongs to, for as long as it runs. */
  public void watchCluster(ActorSystem<?> node) {
    if (feed != null) {
      ClusterMembers.watch(node, feed);
    }
  }

  @Override
  public void close() {
    if (server != null) {
      server.close();
    }
  }
}
