package org.edgetune.actors;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.edgetune.schedule.ChannelReport;
import org.edgetune.schedule.Grant;
import org.edgetune.schedule.PolicyFailedException;
import org.edgetune.schedule.RoundOutcome;
import org.edgetune.schedule.Scheduler;

/**
 * Owns the virtual energy queues and the policy (in a {@link Scheduler}). For each round it
 * collects channel reports with a deadline (a {@link ChannelCollector} child), decides, sends each
 * scheduled device its grant, and tells the driver the outcome, energy and latency accounting
 * included.
 */
public final class SchedulerActor extends AbstractBehavior<SchedulerActor.Command> {

  public sealed interface Command extends CborSerializable {}

  public record PlanRound(long round, ActorRef<RoundPlanned> replyTo) implements Command {}

  /**
   * The round's plan, or — {@code outcome} null — why the policy could not plan it (one line,
   * naming it and the round).
   */
  public record RoundPlanned(RoundOutcome outcome, int reported, String failure)
      implements CborSerializable {
    public RoundPlanned(RoundOutcome outcome, int reported) {
      this(outcome, reported, null);
    }
  }

  /** Driver, between rounds: the scheduler's cross-round state for the round's checkpoint. */
  public record Snapshot(ActorRef<Snapshotted> replyTo) implements Command {}

  public record Snapshotted(Scheduler.State state) implements CborSerializable {}

  /**
   * The channel collector's answer through this actor's adapter: the collector is its child, so
   * local only.
   */
  private record ReportsCollected(
      ChannelCollector.Collected collected, ActorRef<RoundPlanned> replyTo)
      implements Command, NoSerializationVerificationNeeded {}

  private final ActorContext<Command> context;
  private final Scheduler scheduler;
  private final Map<Integer, ActorRef<DeviceActor.Command>> devices;
  private final Duration reportTimeout;

  public static Behavior<Command> create(
      Scheduler scheduler,
      Map<Integer, ActorRef<DeviceActor.Command>> devices,
      Duration reportTimeout) {
    return Behaviors.setup(
        context -> new SchedulerActor(context, scheduler, devices, reportTimeout));
  }

  private SchedulerActor(
      ActorContext<Command> context,
      Scheduler scheduler,
      Map<Integer, ActorRef<DeviceActor.Command>> devices,
      Duration reportTimeout) {
    super(context);
    this.context = context;
    this.scheduler = scheduler;
    this.devices = devices;
    this.reportTimeout = reportTimeout;
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(PlanRound.class, this::onPlanRound)
        .onMessage(ReportsCollected.class, this::onReportsCollected)
        .onMessage(Snapshot.class, this::onSnapshot)
        .build();
  }

  private Behavior<Command> onPlanRound(PlanRound plan) {
    ActorRef<ChannelCollector.Collected> adapter =
        context.messageAdapter(
            ChannelCollector.Collected.class, c -> new ReportsCollected(c, plan.replyTo()));
    context.spawn(
        ChannelCollector.create(plan.round(), devices, reportTimeout, adapter),
        "channels-" + plan.round());
    return this;
  }

  private Behavior<Command> onSnapshot(Snapshot snapshot) {
    snapshot.replyTo().tell(new Snapshotted(scheduler.snapshot()));
    return this;
  }

  private Behavior<Command> onReportsCollected(ReportsCollected collected) {
    long round = collected.collected().round();
    Map<Integer, ChannelReport> received = collected.collected().reports();
    List<ChannelReport> reports = new ArrayList<>(devices.size());
    for (int k = 0; k < devices.size(); k++) {
      ChannelReport report = received.get(k);
      // A device that did not report in time cannot be scheduled this round.
      reports.add(report != null ? report : ChannelReport.unavailable(k));
    }
    RoundOutcome outcome;
    try {
      outcome = scheduler.step(round, reports);
    } catch (PolicyFailedException e) {
      // The trace (of what a policy threw) goes to edgetune.log for the policy's author.
      context.getLog().error("the scheduling policy failed", e);
      // Nothing was charged: the driver stops the run with this reason, checkpoints kept.
      collected.replyTo().tell(new RoundPlanned(null, received.size(), e.getMessage()));
      return this;
    }
    for (Grant grant : outcome.grants()) {
      devices.get(grant.device()).tell(new DeviceActor.Granted(round, grant.share()));
    }
    collected.replyTo().tell(new RoundPlanned(outcome, received.size()));
    return this;
  }
}
