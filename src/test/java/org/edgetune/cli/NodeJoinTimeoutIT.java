package org.edgetune.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import org.edgetune.testing.TestCorpus;
import org.junit.jupiter.api.Test;

/**
 * A device node whose seed nodes never answer gives up after {@code
 * edgetune.cluster.join-timeout-s} with a message naming the seeds and the key (issue 15, item 3),
 * instead of retrying forever.
 */
class NodeJoinTimeoutIT {

  @Test
  void aDeviceNodeWithoutReachableSeedsGivesUp() throws Exception {
    int nobody;
    try (ServerSocket probe = new ServerSocket(0)) {
      nobody = probe.getLocalPort();
    }
    String archive = TestCorpus.spamFixture().toString();
    long started = System.nanoTime();
    CliRun r =
        CliRun.of(
            "node",
            "--role",
            "device",
            "--host",
            "127.0.0.1",
            "--port",
            "0",
            "--seed-nodes",
            "127.0.0.1:" + nobody,
            "--set",
            "edgetune.cluster.join-timeout-s=3",
            "--set",
            "edgetune.data.archive=\"" + archive + "\"",
            "--set",
            "edgetune.data.partition=iid",
            "--set",
            "edgetune.wireless.devices=2");
    double seconds = (System.nanoTime() - started) / 1e9;
    assertThat(r.exit()).as(r.err()).isEqualTo(2);
    assertThat(r.err()).contains("127.0.0.1:" + nobody).contains("edgetune.cluster.join-timeout-s");
    assertThat(seconds).as("gave up after the join timeout, not never").isLessThan(90);
  }
}
