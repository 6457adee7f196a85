package org.edgetune.actors;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.BehaviorInterceptor;
import org.apache.pekko.actor.typed.TypedActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.edgetune.faults.Fault;
import org.edgetune.faults.FaultKind;
import org.edgetune.faults.FaultLog;
import org.edgetune.faults.FaultPlan;
import org.edgetune.faults.InjectedFault;

/**
 * The faults of the edge server, injected around its behaviour. An encoder crash throws when the
 * round's first encoder pass arrives, a server crash when the round's aggregation does; either way
 * the supervisor restarts the server and the driver retries the round. Messages from a device under
 * message loss are dropped here (the uplink half; {@link DeviceFaults} drops the downlink half).
 */
final class ServerFaults
    extends BehaviorInterceptor<EdgeServerActor.Command, EdgeServerActor.Command> {

  private final FaultPlan plan;
  private final FaultLog log;

  /** Rounds already hit by a crash of each kind: a retried round runs clean. */
  private final Set<String> crashed = ConcurrentHashMap.newKeySet();

  private ServerFaults(FaultPlan plan, FaultLog log) {
    super(EdgeServerActor.Command.class);
    this.plan = plan;
    this.log = log;
  }

  /**
   * The server's behaviour with its faults around it; one wrapper per spawn, kept across restarts.
   */
  static Behavior<EdgeServerActor.Command> wrap(
      Behavior<EdgeServerActor.Command> behavior, FaultPlan plan, FaultLog log) {
    if (plan.isEmpty()) {
      return behavior;
    }
    ServerFaults faults = new ServerFaults(plan, log);
    return Behaviors.intercept(() -> faults, behavior);
  }

  @Override
  public Behavior<EdgeServerActor.Command> aroundReceive(
      TypedActorContext<EdgeServerActor.Command> ctx,
      EdgeServerActor.Command message,
      ReceiveTarget<EdgeServerActor.Command> target) {
    if (message instanceof EdgeServerActor.UploadEmbeddings upload) {
      if (lost(ctx, upload.device(), upload.round(), "UploadEmbeddings", upload.step())) {
        return Behaviors.same();
      }
      crashIfStruck(
          ctx,
          FaultKind.ENCODER_CRASH,
          upload.round(),
          "encoder worker crashed in the pass of device " + upload.device());
    } else if (message instanceof EdgeServerActor.UploadFeatureGradient upload) {
      if (lost(ctx, upload.device(), upload.round(), "UploadFeatureGradient", upload.step())) {
        return Behaviors.same();
      }
    } else if (message instanceof EdgeServerActor.LocalTrainingDone done) {
      if (lost(ctx, done.device(), done.round(), "LocalTrainingDone", 0)) {
        return Behaviors.same();
      }
    } else if (message instanceof EdgeServerActor.Aggregate aggregate) {
      crashIfStruck(
          ctx, FaultKind.SERVER_CRASH, aggregate.round(), "edge server crashed while aggregating");
    }
    return target.apply(ctx, message);
  }

  private void crashIfStruck(
      TypedActorContext<EdgeServerActor.Command> ctx, FaultKind kind, long round, String what) {
    if (plan.strike(kind, Fault.ALL_DEVICES, round).isPresent()
        && crashed.add(kind + "@" + round)) {
      ctx.asJava()
          .getLog()
          .warn("fault injected, round {}: {} ({})", round, what, kind.configName());
      log.injected(round, kind.configName());
      throw new InjectedFault(what + " in round " + round);
    }
  }

  private boolean lost(
      TypedActorContext<EdgeServerActor.Command> ctx,
      int device,
      long round,
      String message,
      int step) {
    if (!plan.loses(device, round, message, step)) {
      return false;
    }
    ctx.asJava()
        .getLog()
        .warn(
            "fault injected, round {}: {} (step {}) from device {} lost (message-loss)",
            round,
            message,
            step,
            device);
    log.injected(round, new Fault(round, FaultKind.MESSAGE_LOSS, device, 0, null).label());
    return true;
  }
}
