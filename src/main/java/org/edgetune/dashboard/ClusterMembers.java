package org.edgetune.dashboard;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * The members of the cluster a server node belongs to (address, roles, status, reachable), as a
 * {@code members} event whenever they change. It reads the node's cluster state once a second on
 * the node's scheduler, and so stops with the node; it sends nothing to the cluster.
 */
public final class ClusterMembers {

  private static final Duration EVERY = Duration.ofSeconds(1);

  private ClusterMembers() {}

  public static void watch(ActorSystem<?> node, LiveFeed feed) {
    AtomicReference<ArrayNode> last = new AtomicReference<>();
    node.scheduler()
        .scheduleAtFixedRate(
            Duration.ZERO,
            EVERY,
            () -> {
              ArrayNode members = describe(Cluster.get(node).state());
              if (!members.equals(last.getAndSet(members))) {
                feed.publish("members", members);
              }
            },
            node.executionContext());
  }

  static ArrayNode describe(ClusterEvent.CurrentClusterState state) {
    Set<Member> unreachable = state.getUnreachable();
    ArrayNode members = JsonNodeFactory.instance.arrayNode();
    for (Member m : state.getMembers()) {
      ArrayNode roles =
          members
              .addObject()
              .put("address", m.address().toString())
              .put("status", m.status().toString())
              .put("reachable", !unreachable.contains(m))
              .putArray("roles");
      // Every member has the data-center role; it says nothing on a single-data-center cluster.
      new TreeSet<>(m.getRoles()).stream().filter(r -> !r.startsWith("dc-")).forEach(roles::add);
    }
    return members;
  }
}
