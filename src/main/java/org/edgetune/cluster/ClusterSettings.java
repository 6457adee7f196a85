package org.edgetune.cluster;

import com.typesafe.config.Config;
import java.time.Duration;
import org.edgetune.config.ConfigReader;

/**
 * The {@code edgetune.cluster} section: how a multi-node run forms and survives membership changes.
 *
 * @param startTimeout how long the server node waits for every device to be reachable before it
 *     gives up
 * @param deviceNodes how many device nodes must be up, with their sharding regions, before the run
 *     starts
 * @param encoderNodes how many encoder nodes must have registered their worker before the run
 *     starts
 * @param encoderTimeout how long one call to an encoder node may take before its round runs again
 * @param shards Cluster Sharding shards the devices are spread over (a few per device node is
 *     plenty)
 * @param stableAfter how long membership must be stable before the split-brain resolver downs
 *     unreachable nodes (after which the devices of a lost node move to the surviving ones)
 * @param tls Artery TLS with mutual authentication (off by default)
 * @param joinTimeout how long a node tries to join through its seed nodes before it gives up and
 *     stops
 */
public record ClusterSettings(
    Duration startTimeout,
    int deviceNodes,
    int encoderNodes,
    Duration encoderTimeout,
    int shards,
    Duration stableAfter,
    TlsSettings tls,
    Duration joinTimeout) {

  public static final String SECTION = "edgetune.cluster";

  public static ClusterSettings fromConfig(Config root) {
    ConfigReader r = new ConfigReader(root, SECTION);
    ClusterSettings settings =
        new ClusterSettings(
            Duration.ofMillis(Math.round(1000 * r.doubleAbove("start-timeout-s", 0, 86_400))),
            r.intIn("device-nodes", 1, 10_000),
            r.intIn("encoder-nodes", 0, 1_000),
            Duration.ofMillis(Math.round(1000 * r.doubleAbove("encoder-timeout-s", 0, 86_400))),
            r.intIn("shards", 1, 10_000),
            Duration.ofMillis(Math.round(1000 * r.doubleAbove("stable-after-s", 0, 3_600))),
            TlsSettings.read(r.section("tls")),
            Duration.ofMillis(Math.round(1000 * r.doubleAbove("join-timeout-s", 0, 86_400))));
    r.rejectUnknownKeys();
    return settings;
  }
}
