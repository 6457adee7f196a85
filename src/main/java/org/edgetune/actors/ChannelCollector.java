package org.edgetune.actors;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.edgetune.schedule.ChannelReport;

/**
 * A short-lived child of the scheduler that asks every device for its channel report of one round
 * and gathers the answers until all have come or the deadline passes, then hands over what it has
 * and stops. A silent device is simply absent from the result.
 */
final class ChannelCollector {

  /** Its own timer and its adapter's wrapper of the devices' replies: local only. */
  sealed interface Command extends NoSerializationVerificationNeeded {}

  private record Reported(DeviceActor.ChannelReported reported) implements Command {}

  private enum Deadline implements Command {
    INSTANCE
  }

  /** The reports that came in time, by device id; for the parent scheduler, so local only. */
  record Collected(long round, Map<Integer, ChannelReport> reports)
      implements NoSerializationVerificationNeeded {}

  private ChannelCollector() {}

  static Behavior<Command> create(
      long round,
      Map<Integer, ActorRef<DeviceActor.Command>> devices,
      Duration timeout,
      ActorRef<Collected> replyTo) {
    return Behaviors.setup(
        context ->
            Behaviors.withTimers(
                timers -> {
                  ActorRef<DeviceActor.ChannelReported> adapter =
                      context.messageAdapter(DeviceActor.ChannelReported.class, Reported::new);
                  devices
                      .values()
                      .forEach(
                          device -> device.tell(new DeviceActor.ReportChannel(round, adapter)));
                  timers.startSingleTimer(Deadline.INSTANCE, timeout);
                  return collecting(context, round, devices.size(), new TreeMap<>(), replyTo);
                }));
  }

  private static Behavior<Command> collecting(
      ActorContext<Command> context,
      long round,
      int expected,
      Map<Integer, ChannelReport> reports,
      ActorRef<Collected> replyTo) {
    if (reports.size() == expected) {
      replyTo.tell(new Collected(round, reports));
      return Behaviors.stopped();
    }
    return Behaviors.receive(Command.class)
        .onMessage(
            Reported.class,
            r -> {
              if (r.reported().round() == round) {
                reports.put(r.reported().report().device(), r.reported().report());
              }
              return collecting(context, round, expected, reports, replyTo);
            })
        .onMessageEquals(
            Deadline.INSTANCE,
            () -> {
              context
                  .getLog()
                  .info(
                      "round {}: {} of {} channel reports before the deadline",
                      round,
                      reports.size(),
                      expected);
              replyTo.tell(new Collected(round, reports));
              return Behaviors.stopped();
            })
        .build();
  }
}
