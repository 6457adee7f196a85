package org.edgetune.actors;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.edgetune.report.OutputDirectory;
import org.edgetune.sim.RoundRecord;
import org.edgetune.sim.RunResult;

/**
 * Appends each round's record to {@code metrics.jsonl} and reports progress, off the driver's
 * path. The run's result passes through here too, so it is handed over only after every record
 * before it is on disk (messages from one sender arrive in order).
 */
public final class MetricsSink {

  public sealed interface Command {}

  public record Record(RoundRecord record) implements Command {}

  public record Finished(RunResult result) implements Command {}

  /** The driver has stopped; if it did not finish, the run failed. */
  public enum DriverStopped implements Command { INSTANCE }

  private MetricsSink() {}

  public static Behavior<Command> create(
      OutputDirectory out, Consumer<RoundRecord> progress, CompletableFuture<RunResult> done) {
    return Behaviors.receive(Command.class)
        .onMessage(Record.class, r -> {
          out.appendMetrics(r.record());
          progress.accept(r.record());
          return Behaviors.same();
        })
        .onMessage(Finished.class, f -> {
          done.complete(f.result());
          return Behaviors.same();
        })
        .onMessageEquals(DriverStopped.INSTANCE, () -> {
          done.completeExceptionally(new IllegalStateException("the round driver stopped before the last round"));
          return Behaviors.same();
        })
        .build();
  }
}
