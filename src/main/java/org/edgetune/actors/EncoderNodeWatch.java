package org.edgetune.actors;

import java.util.List;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Subscribe;

/**
 * Tells the edge server's {@link RemoteEncoderLane}s what the cluster's failure detector sees of
 * their nodes: unreachable (calls in flight fail at once, instead of waiting for their timeout),
 * reachable again, or gone from the cluster. A child of the edge server, on cluster runs with
 * encoder nodes only.
 */
final class EncoderNodeWatch {

  private EncoderNodeWatch() {}

  static Behavior<ClusterEvent.ClusterDomainEvent> create(List<RemoteEncoderLane> lanes) {
    return Behaviors.setup(
        context -> {
          Cluster.get(context.getSystem())
              .subscriptions()
              .tell(Subscribe.create(context.getSelf(), ClusterEvent.ClusterDomainEvent.class));
          return Behaviors.receiveMessage(
              event -> {
                if (event instanceof ClusterEvent.UnreachableMember u) {
                  on(lanes, u.member().address(), lane -> lane.unreachable(false));
                } else if (event instanceof ClusterEvent.ReachableMember r) {
                  on(lanes, r.member().address(), RemoteEncoderLane::reachable);
                } else if (event instanceof ClusterEvent.MemberExited e) {
                  on(lanes, e.member().address(), lane -> lane.unreachable(true));
                } else if (event instanceof ClusterEvent.MemberRemoved removed) {
                  on(lanes, removed.member().address(), lane -> lane.unreachable(true));
                }
                return Behaviors.same();
              });
        });
  }

  private static void on(
      List<RemoteEncoderLane> lanes,
      Address member,
      java.util.function.Consumer<RemoteEncoderLane> act) {
    lanes.stream().filter(l -> l.node().path().address().equals(member)).forEach(act);
  }
}
