package org.edgetune.cluster;

import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Subscribe;

/**
 * Logs every membership change of the cluster. On a device node it also ends the node once the
 * server has left (the job is over, or the server is gone for good): device nodes serve one job.
 */
final class MembershipLog {

  /** The reason a device node gives for its shutdown (it appears in the shutdown log). */
  private static final CoordinatedShutdown.Reason SERVER_LEFT =
      new CoordinatedShutdown.Reason() {
        @Override
        public String toString() {
          return "the server node left the cluster";
        }
      };

  private MembershipLog() {}

  static Behavior<ClusterEvent.ClusterDomainEvent> create(boolean stopWhenServerLeaves) {
    return Behaviors.setup(
        context -> {
          Cluster.get(context.getSystem())
              .subscriptions()
              .tell(Subscribe.create(context.getSelf(), ClusterEvent.ClusterDomainEvent.class));
          return Behaviors.receiveMessage(
              event -> {
                if (event instanceof ClusterEvent.MemberUp up) {
                  context
                      .getLog()
                      .info(
                          "cluster: {} is up (roles {})",
                          up.member().address(),
                          up.member().getRoles());
                } else if (event instanceof ClusterEvent.UnreachableMember u) {
                  context.getLog().warn("cluster: {} is unreachable", u.member().address());
                } else if (event instanceof ClusterEvent.ReachableMember r) {
                  context.getLog().info("cluster: {} is reachable again", r.member().address());
                } else if (event instanceof ClusterEvent.MemberRemoved removed) {
                  context
                      .getLog()
                      .info(
                          "cluster: {} was removed (was {})",
                          removed.member().address(),
                          removed.previousStatus());
                  if (stopWhenServerLeaves
                      && removed.member().hasRole(NodeRole.SERVER.roleName())) {
                    context.getLog().info("cluster: the server left; this device node stops");
                    CoordinatedShutdown.get(context.getSystem()).runAll(SERVER_LEFT);
                  }
                }
                return Behaviors.same();
              });
        });
  }
}
