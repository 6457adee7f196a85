package org.edgetune.actors;

import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.edgetune.report.OutputDirectory;
import org.edgetune.sim.RoundRecord;

/** Appends each round's record to {@code metrics.jsonl}, off the driver's path. */
public final class MetricsSink {

  public sealed interface Command {}

  public record Record(RoundRecord record) implements Command {}

  private MetricsSink() {}

  public static Behavior<Command> create(OutputDirectory out) {
    return Behaviors.receive(Command.class)
        .onMessage(Record.class, r -> {
          out.appendMetrics(r.record());
          return Behaviors.same();
        })
        .build();
  }
}
