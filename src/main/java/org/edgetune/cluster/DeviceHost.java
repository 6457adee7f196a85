package org.edgetune.cluster;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntFunction;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.ShardingEnvelope;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.edgetune.actors.DeviceActor;
import org.edgetune.actors.DeviceFaults;
import org.edgetune.faults.FaultLog;
import org.edgetune.faults.FaultPlan;
import org.edgetune.train.DeviceTrainer;
import org.edgetune.wireless.DeviceProfile;

/**
 * Devices as Cluster Sharding entities on the device nodes. Every device node can build any
 * device's trainer from its copy of the corpus (the partition is a function of the seed), so when a
 * node is lost its devices restart on a surviving node with the same shard and the same keyed
 * random streams. A trainer, once built on a node, is kept there across entity restarts.
 */
public final class DeviceHost {

  public static final EntityTypeKey<DeviceActor.Command> DEVICES =
      EntityTypeKey.create(DeviceActor.Command.class, "device");

  private DeviceHost() {}

  /** On a device node: hosts the entities. */
  public static ActorRef<ShardingEnvelope<DeviceActor.Command>> host(
      ActorSystem<?> system, IntFunction<DeviceTrainer> trainers, List<DeviceProfile> profiles, long seed,
      FaultPlan faults, FaultLog faultLog) {
    Map<Integer, DeviceTrainer> built = new ConcurrentHashMap<>();
    return ClusterSharding.get(system).init(Entity.of(DEVICES, entity -> {
      int device = Integer.parseInt(entity.getEntityId());
      DeviceTrainer trainer = built.computeIfAbsent(device, trainers::apply);
      Behavior<DeviceActor.Command> behavior = DeviceFaults.wrap(
          DeviceActor.create(trainer, profiles.get(device), seed), device, faults, faultLog);
      return Behaviors.supervise(behavior)
          .onFailure(SupervisorStrategy.restartWithBackoff(Duration.ofMillis(50), Duration.ofSeconds(2), 0.2));
    }).withRole(NodeRole.DEVICE.roleName()));
  }

  /** On the server node: a proxy to the entities, which never start here (the node lacks the device role). */
  public static ActorRef<ShardingEnvelope<DeviceActor.Command>> proxy(ActorSystem<?> system) {
    return ClusterSharding.get(system).init(Entity.of(DEVICES, entity -> Behaviors.<DeviceActor.Command>empty())
        .withRole(NodeRole.DEVICE.roleName()));
  }
}
