package org.edgetune.cluster;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.ShardingEnvelope;
import org.edgetune.actors.DeviceActor;

/**
 * A plain actor ref for one sharded device, wherever its entity lives: wraps each message in a
 * sharding envelope for the region. The scheduler and the round driver then address devices the
 * same way in one JVM and on a cluster.
 */
final class DeviceProxy {

  private DeviceProxy() {}

  static Behavior<DeviceActor.Command> create(
      ActorRef<ShardingEnvelope<DeviceActor.Command>> region, int device) {
    String entityId = Integer.toString(device);
    return Behaviors.receiveMessage(
        message -> {
          region.tell(new ShardingEnvelope<>(entityId, message));
          return Behaviors.same();
        });
  }
}
