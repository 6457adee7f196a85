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
import org.edgetune.schedule.ChannelReport;

/**
 * The faults of one device, injected around its behaviour: the device actor itself knows nothing of
 * them. Channel outage answers the channel request with "unavailable"; message loss drops messages
 * to the device (those from it are dropped at the server, {@link ServerFaults}); a straggler gets
 * its start late; a device crash throws mid-step, so the supervisor restarts the device; node loss
 * (cluster only) takes the whole node hosting the device down when the round asks for its channel.
 */
final class DeviceFaults extends BehaviorInterceptor<DeviceActor.Command, DeviceActor.Command> {

  private final int device;
  private final FaultPlan plan;
  private final FaultLog log;
  private final Runnable loseNode;

  /** Rounds in which the device already crashed: a retried round does not crash it again. */
  private final Set<Long> crashed = ConcurrentHashMap.newKeySet();

  /**
   * Starts already held back once; when they come back they go through. Kept by value: a message
   * that is serialised on its way (serialize-messages in the tests, a remote hop) comes back as an
   * equal copy, not the same object.
   */
  private final Set<DeviceActor.StartLocalTraining> delayed = ConcurrentHashMap.newKeySet();

  private DeviceFaults(int device, FaultPlan plan, FaultLog log, Runnable loseNode) {
    super(DeviceActor.Command.class);
    this.device = device;
    this.plan = plan;
    this.log = log;
    this.loseNode = loseNode;
  }

  /**
   * The device's behaviour with its faults around it; one wrapper per device, kept across restarts.
   *
   * @param loseNode what a node-loss fault does to the node hosting the device
   */
  static Behavior<DeviceActor.Command> wrap(
      Behavior<DeviceActor.Command> behavior,
      int device,
      FaultPlan plan,
      FaultLog log,
      Runnable loseNode) {
    if (plan.isEmpty()) {
      return behavior;
    }
    DeviceFaults faults = new DeviceFaults(device, plan, log, loseNode);
    return Behaviors.intercept(() -> faults, behavior);
  }

  @Override
  public Behavior<DeviceActor.Command> aroundReceive(
      TypedActorContext<DeviceActor.Command> ctx,
      DeviceActor.Command message,
      ReceiveTarget<DeviceActor.Command> target) {
    if (message instanceof DeviceActor.ReportChannel request) {
      if (plan.strike(FaultKind.NODE_LOSS, device, request.round()).isPresent()) {
        injected(ctx, request.round(), FaultKind.NODE_LOSS, "takes its node down");
        loseNode.run();
        return Behaviors.same();
      }
      if (plan.strike(FaultKind.CHANNEL_OUTAGE, device, request.round()).isPresent()) {
        injected(ctx, request.round(), FaultKind.CHANNEL_OUTAGE, "channel in outage");
        request
            .replyTo()
            .tell(
                new DeviceActor.ChannelReported(
                    request.round(), ChannelReport.unavailable(device)));
        return Behaviors.same();
      }
      if (lost(ctx, request.round(), "ReportChannel", 0)) {
        return Behaviors.same();
      }
    } else if (message instanceof DeviceActor.StartLocalTraining start) {
      if (lost(ctx, start.round(), "StartLocalTraining", 0)) {
        return Behaviors.same();
      }
      var straggler = plan.strike(FaultKind.STRAGGLER, device, start.round());
      if (straggler.isPresent() && delayed.add(start)) {
        injected(
            ctx,
            start.round(),
            FaultKind.STRAGGLER,
            "starts " + straggler.get().delay().toMillis() + " ms late");
        ctx.asJava().scheduleOnce(straggler.get().delay(), ctx.asJava().getSelf(), start);
        return Behaviors.same();
      }
      delayed.remove(start);
    } else if (message instanceof DeviceActor.FeaturesComputed features) {
      if (plan.strike(FaultKind.DEVICE_CRASH, device, features.round()).isPresent()
          && crashed.add(features.round())) {
        injected(ctx, features.round(), FaultKind.DEVICE_CRASH, "crashes mid-step");
        throw new InjectedFault("device " + device + " crashed in round " + features.round());
      }
      if (lost(ctx, features.round(), "FeaturesComputed", features.step())) {
        return Behaviors.same();
      }
    } else if (message instanceof DeviceActor.LoraStepped stepped) {
      if (lost(ctx, stepped.round(), "LoraStepped", stepped.step())) {
        return Behaviors.same();
      }
    }
    return target.apply(ctx, message);
  }

  private boolean lost(
      TypedActorContext<DeviceActor.Command> ctx, long round, String message, int step) {
    if (!plan.loses(device, round, message, step)) {
      return false;
    }
    injected(
        ctx, round, FaultKind.MESSAGE_LOSS, message + " (step " + step + ") to the device lost");
    return true;
  }

  private void injected(
      TypedActorContext<DeviceActor.Command> ctx, long round, FaultKind kind, String what) {
    ctx.asJava()
        .getLog()
        .warn(
            "fault injected, round {}: device {} {} ({})", round, device, what, kind.configName());
    log.injected(round, new Fault(round, kind, device, 0, null).label());
  }
}
