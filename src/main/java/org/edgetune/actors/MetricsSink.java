package org.edgetune.actors;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.edgetune.checkpoint.Checkpoint;
import org.edgetune.checkpoint.CheckpointStore;
import org.edgetune.output.OutputDirectory;
import org.edgetune.schedule.Scheduler;
import org.edgetune.sim.RoundRecord;
import org.edgetune.sim.RunFailedException;
import org.edgetune.sim.RunResult;
import org.edgetune.train.Scores;
import org.edgetune.train.ServerTrainer;

/**
 * The run's journal, off the driver's path and on a blocking-IO dispatcher: appends each round's
 * record to {@code metrics.jsonl}, reports progress, and writes the round's checkpoint after its
 * record, so a checkpoint never covers a line that is not on disk. The run's result passes through
 * here too, so it is handed over only after everything before it is written (messages from one
 * sender arrive in order).
 */
public final class MetricsSink {

  /**
   * Local only: the sink writes the run's files on the node of its senders, the round driver and
   * the guardian.
   */
  public sealed interface Command extends NoSerializationVerificationNeeded {}

  public record Record(RoundRecord record) implements Command {}

  /** The state after round {@code nextRound − 1}, whose record came just before. */
  public record SaveCheckpoint(
      long nextRound, ServerTrainer.State server, Scheduler.State scheduler, Scores lastScores)
      implements Command {}

  public record Finished(RunResult result) implements Command {}

  /** The driver stopped the run before its last round, for {@code reason}. */
  public record Failed(String reason) implements Command {}

  /** The driver has stopped; if it did not finish, the run failed. */
  public enum DriverStopped implements Command {
    INSTANCE
  }

  private MetricsSink() {}

  public static Behavior<Command> create(
      OutputDirectory out,
      CheckpointStore checkpoints,
      Consumer<RoundRecord> progress,
      CompletableFuture<RunResult> done) {
    return Behaviors.setup(
        context ->
            Behaviors.receive(Command.class)
                .onMessage(
                    Record.class,
                    r -> {
                      try {
                        out.appendMetrics(r.record());
                      } catch (RuntimeException e) {
                        // Without its metrics the run is worthless: fail it now rather than let the
                        // caller wait.
                        done.completeExceptionally(e);
                        return Behaviors.stopped();
                      }
                      progress.accept(r.record());
                      return Behaviors.same();
                    })
                .onMessage(
                    SaveCheckpoint.class,
                    c -> {
                      try {
                        out.syncMetrics();
                        CheckpointStore.Written written =
                            checkpoints.write(
                                new Checkpoint(
                                    c.nextRound(),
                                    out.metricsLines(),
                                    c.server(),
                                    c.scheduler(),
                                    c.lastScores()));
                        context
                            .getLog()
                            .info(
                                "round {}: checkpoint {} ({} bytes in {} ms)",
                                c.nextRound() - 1,
                                written.file().getFileName(),
                                written.bytes(),
                                Math.round(written.seconds() * 1000));
                      } catch (RuntimeException e) {
                        // The run goes on; a resume would start from the previous checkpoint.
                        context
                            .getLog()
                            .error(
                                "round {}: checkpoint not written: {}",
                                c.nextRound() - 1,
                                e.toString());
                      }
                      return Behaviors.same();
                    })
                .onMessage(
                    Finished.class,
                    f -> {
                      done.complete(f.result());
                      return Behaviors.same();
                    })
                .onMessage(
                    Failed.class,
                    f -> {
                      done.completeExceptionally(new RunFailedException(f.reason()));
                      return Behaviors.same();
                    })
                .onMessageEquals(
                    DriverStopped.INSTANCE,
                    () -> {
                      done.completeExceptionally(
                          new IllegalStateException(
                              "the round driver stopped before the last round; edgetune.log says why"));
                      return Behaviors.same();
                    })
                .build());
  }
}
