package org.edgetune.cluster;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.ShardingEnvelope;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.edgetune.actors.DeviceActor;
import org.edgetune.actors.RunActors;
import org.edgetune.assembly.HostedDevices;
import org.edgetune.assembly.InjectedFaults;

/**
 * Devices as Cluster Sharding entities on the device nodes. Every device node can build any
 * device's trainer from its copy of the corpus (the partition is a function of the seed), so when a
 * node is lost its devices restart on a surviving node with the same shard and the same keyed
 * random streams. Shards stay where they were first allocated ({@link StayPutAllocation}).
 */
public final class DeviceHost {

  public static final EntityTypeKey<DeviceActor.Command> DEVICES =
      EntityTypeKey.create(DeviceActor.Command.class, "device");

  private DeviceHost() {}

  /**
   * On a device node: hosts the entities ({@code devices} holds every device, indexed by id).
   *
   * @param loseNode what an injected node-loss fault does to this node
   */
  public static ActorRef<ShardingEnvelope<DeviceActor.Command>> host(
      ActorSystem<?> system,
      HostedDevices devices,
      long seed,
      InjectedFaults faults,
      Runnable loseNode) {
    return ClusterSharding.get(system)
        .init(
            Entity.of(
                    DEVICES,
                    entity -> {
                      int device = Integer.parseInt(entity.getEntityId());
                      return RunActors.device(
                          devices.trainers().get(device),
                          devices.profiles().get(device),
                          seed,
                          faults,
                          loseNode);
                    })
                .withRole(NodeRole.DEVICE.roleName())
                .withAllocationStrategy(new StayPutAllocation()));
  }

  /**
   * On the server node: a proxy to the entities, which never start here (the node lacks the device
   * role).
   */
  public static ActorRef<ShardingEnvelope<DeviceActor.Command>> proxy(ActorSystem<?> system) {
    return ClusterSharding.get(system)
        .init(
            Entity.of(DEVICES, entity -> Behaviors.<DeviceActor.Command>empty())
                .withRole(NodeRole.DEVICE.roleName())
                .withAllocationStrategy(new StayPutAllocation()));
  }
}
