package org.edgetune.cluster;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.edgetune.actors.EdgeServerActor;
import org.edgetune.actors.EncoderNodeActor;

/**
 * The Pekko configuration of one cluster node, built from the command line and the settings:
 * address, role, seed nodes, the split-brain resolver, sharding, Artery frame sizes derived from
 * the payloads, and TLS when switched on. Scenario files never need to spell out Pekko keys.
 */
public final class NodeConfig {

  /** Every node of one EdgeTune cluster uses this actor system name; it is part of each address. */
  public static final String SYSTEM_NAME = "edgetune";

  /** Where the edge server lives on the server node: the destination of the embedding uploads. */
  public static final String SERVER_PATH = "/user/" + EdgeServerActor.NAME;

  /**
   * Where an encoder node's worker lives: the destination of the forward passes the server hands
   * on.
   */
  public static final String ENCODER_PATH = "/user/" + EncoderNodeActor.NAME;

  /**
   * At a deep cut, where cut gradients go: the sharded devices (from the server) and the server's
   * ask replies (an encoder node's {@code InputGradient}).
   */
  static final List<String> CUT_GRADIENT_PATHS = List.of("/system/sharding/device/*/*", "/temp/*");

  private NodeConfig() {}

  /**
   * @param seedNodes {@code host:port} of the nodes to join through (the first one up forms the
   *     cluster)
   */
  public static Config of(
      NodeRole role,
      String host,
      int port,
      List<String> seedNodes,
      ClusterSettings cluster,
      FrameSizes frames) {
    List<String> seeds = seedNodes.stream().map(NodeConfig::address).toList();
    return ConfigFactory.parseMap(
            Map.ofEntries(
                Map.entry("pekko.actor.provider", "cluster"),
                Map.entry("pekko.remote.artery.canonical.hostname", host),
                Map.entry("pekko.remote.artery.canonical.port", port),
                Map.entry(
                    "pekko.remote.artery.large-message-destinations",
                    largeMessageDestinations(frames)),
                Map.entry(
                    "pekko.remote.artery.advanced.maximum-large-frame-size",
                    frames.largeBytes() + "b"),
                Map.entry(
                    "pekko.remote.artery.advanced.maximum-frame-size",
                    frames.ordinaryBytes() + "b"),
                Map.entry("pekko.cluster.roles", List.of(role.roleName())),
                Map.entry(
                    "pekko.cluster.downing-provider-class",
                    "org.apache.pekko.cluster.sbr.SplitBrainResolverProvider"),
                Map.entry("pekko.cluster.split-brain-resolver.active-strategy", "keep-majority"),
                Map.entry(
                    "pekko.cluster.split-brain-resolver.stable-after",
                    cluster.stableAfter().toMillis() + "ms"),
                Map.entry("pekko.cluster.sharding.number-of-shards", cluster.shards()),
                // A node whose seeds never answer stops (coordinated shutdown) instead of retrying
                // forever.
                Map.entry(
                    "pekko.cluster.shutdown-after-unsuccessful-join-seed-nodes",
                    cluster.joinTimeout().toMillis() + "ms"),
                // Device state lives outside the entity, so stopping idle entities would save
                // nothing.
                Map.entry("pekko.cluster.sharding.passivation.strategy", "none")))
        .withValue("pekko.cluster.seed-nodes", ConfigValueFactory.fromIterable(seeds))
        .withFallback(cluster.tls().pekkoConfig());
  }

  private static List<String> largeMessageDestinations(FrameSizes frames) {
    List<String> paths = new ArrayList<>(List.of(SERVER_PATH, ENCODER_PATH));
    if (frames.cutGradients()) {
      paths.addAll(CUT_GRADIENT_PATHS);
    }
    return paths;
  }

  /** {@code host:port} → the node's Pekko address; a malformed one fails naming it. */
  public static String address(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    if (colon <= 0 || colon == hostPort.length() - 1) {
      throw new IllegalArgumentException("seed node '" + hostPort + "' must look like host:port");
    }
    int port;
    try {
      port = Integer.parseInt(hostPort.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("seed node '" + hostPort + "' has no numeric port");
    }
    if (port < 1 || port > 65_535) {
      throw new IllegalArgumentException(
          "seed node '" + hostPort + "': port must be in [1, 65535]");
    }
    return "pekko://" + SYSTEM_NAME + "@" + hostPort.substring(0, colon) + ":" + port;
  }
}
