package org.edgetune.actors;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.BehaviorBuilder;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.edgetune.actors.EdgeServerActor.RoundEvent;
import org.edgetune.assembly.RoundPlan;
import org.edgetune.faults.FaultLog;
import org.edgetune.schedule.Grant;
import org.edgetune.schedule.RoundOutcome;
import org.edgetune.schedule.Scheduler;
import org.edgetune.sim.DeferredOutput;
import org.edgetune.sim.RoundRecord;
import org.edgetune.sim.RoundTally;
import org.edgetune.sim.RunResult;
import org.edgetune.train.Scores;
import org.edgetune.train.ServerTrainer;

/**
 * Drives the rounds of DESIGN.md §3, one behaviour per phase: <b>planning</b> (the scheduler
 * decides) → <b>training</b> (the server begins the round and broadcasts the head; the scheduled
 * devices run their split steps until each finished, failed, or the round deadline passed) →
 * <b>aggregating</b> → <b>evaluating</b> (every M rounds) → <b>checkpointing</b> (the round's
 * record, then server and scheduler state after it in the sink). Then the next round; after the
 * last one it hands the run's result to the metrics sink and stops. Who finished and who was
 * dropped is kept in a {@link RoundTally}.
 *
 * <p>If the edge server cannot begin the round, or crashes before the round's aggregation is done,
 * the round runs again at once from its start with the same plan (energy was charged once, at the
 * decision); every draw is keyed by the round, so the retry computes what the undisturbed round
 * would have. A round that still fails after {@code roundRetries} retries (or an evaluation the
 * server crashes in as often) stops the run with the reason; the checkpoints of the rounds before
 * stay on disk.
 */
public final class RoundDriver {

  /**
   * Local only: the driver's start comes from its parent, and the rest are its own timer and the
   * wrappers of its adapters and asks. What reaches it from other actors arrives as their
   * (serializable) replies before it is wrapped.
   */
  public sealed interface Command extends NoSerializationVerificationNeeded {}

  public enum Start implements Command {
    INSTANCE
  }

  /**
   * Instead of {@link Start}: continue a stopped run at {@code nextRound}; {@code history} holds
   * the rounds before.
   */
  public record Resume(long nextRound, List<RoundRecord> history, Scores lastScores)
      implements Command {}

  private record Planned(SchedulerActor.RoundPlanned planned) implements Command {}

  private record PlanningFailed(long round, Throwable failure) implements Command {}

  private record FromServer(RoundEvent event) implements Command {}

  private record RoundTimedOut(long round, int attempt) implements Command {}

  private record ServerSnapshotted(long round, ServerTrainer.State state, String failure)
      implements Command {}

  private record SchedulerSnapshotted(long round, Scheduler.State state, String failure)
      implements Command {}

  private static final Object DEADLINE = "round-deadline";

  private final ActorContext<Command> context;
  private final TimerScheduler<Command> timers;
  private final RoundPlan plan;
  private final ActorRef<SchedulerActor.Command> scheduler;
  private final ActorRef<EdgeServerActor.Command> server;
  private final Map<Integer, ActorRef<DeviceActor.Command>> devices;
  private final ActorRef<MetricsSink.Command> sink;
  private final ActorRef<RoundEvent> serverAdapter;
  private final FaultLog faults;
  private final List<RoundRecord> history = new ArrayList<>();
  private final long startedNanos = System.nanoTime();

  /** The sink's messages while an evaluation runs beside the rounds: they wait for its scores. */
  private final DeferredOutput<Scores, MetricsSink.Command> output = new DeferredOutput<>();

  private long round;
  private SchedulerActor.RoundPlanned planned;
  private Scores lastScores;

  /** Wall time of the rounds before a resume, so wall_seconds keeps counting across attempts. */
  private double wallBeforeS;

  public static Behavior<Command> create(
      RoundPlan plan,
      ActorRef<SchedulerActor.Command> scheduler,
      ActorRef<EdgeServerActor.Command> server,
      Map<Integer, ActorRef<DeviceActor.Command>> devices,
      ActorRef<MetricsSink.Command> sink,
      FaultLog faults) {
    return Behaviors.setup(
        context ->
            Behaviors.withTimers(
                timers ->
                    new RoundDriver(context, timers, plan, scheduler, server, devices, sink, faults)
                        .idle()));
  }

  private RoundDriver(
      ActorContext<Command> context,
      TimerScheduler<Command> timers,
      RoundPlan plan,
      ActorRef<SchedulerActor.Command> scheduler,
      ActorRef<EdgeServerActor.Command> server,
      Map<Integer, ActorRef<DeviceActor.Command>> devices,
      ActorRef<MetricsSink.Command> sink,
      FaultLog faults) {
    this.faults = faults;
    this.context = context;
    this.timers = timers;
    this.plan = plan;
    this.scheduler = scheduler;
    this.server = server;
    this.devices = devices;
    this.sink = sink;
    this.serverAdapter = context.messageAdapter(RoundEvent.class, FromServer::new);
    server.tell(new EdgeServerActor.AttachDriver(serverAdapter));
  }

  private Behavior<Command> idle() {
    return Behaviors.receive(Command.class)
        .onMessageEquals(Start.INSTANCE, this::planning)
        .onMessage(
            Resume.class,
            resume -> {
              round = resume.nextRound();
              history.addAll(resume.history());
              lastScores = resume.lastScores();
              wallBeforeS = history.isEmpty() ? 0 : history.get(history.size() - 1).wallSeconds();
              return planning();
            })
        .build();
  }

  // ---- planning ------------------------------------------------------------------------------

  private Behavior<Command> planning() {
    if (round >= plan.rounds()) {
      return afterEvaluation(
          () -> {
            sink.tell(
                new MetricsSink.Finished(
                    new RunResult(List.copyOf(history), lastScores, plan.devices(), 0)));
            return Behaviors.stopped();
          });
    }
    long r = round;
    // The plan charges energy, so a lost answer cannot simply be asked for again: past the round
    // deadline the run fails (with a reason) instead of waiting for ever.
    context.ask(
        SchedulerActor.RoundPlanned.class,
        scheduler,
        plan.roundTimeout(),
        replyTo -> new SchedulerActor.PlanRound(r, replyTo),
        (reply, failure) -> reply != null ? new Planned(reply) : new PlanningFailed(r, failure));
    return receiving()
        .onMessage(
            Planned.class,
            p -> {
              if (p.planned().failure() != null) {
                return failRun(p.planned().failure());
              }
              planned = p.planned();
              return training(
                  RoundTally.first(
                      planned.outcome().grants().stream().map(Grant::device).toList()));
            })
        .onMessage(
            PlanningFailed.class,
            failed ->
                failRun(
                    "the scheduler did not plan round "
                        + failed.round()
                        + " within "
                        + plan.roundTimeout().toSeconds()
                        + " s ("
                        + failed.failure()
                        + ")"))
        .onAnyMessage(stale -> Behaviors.same())
        .build();
  }

  // ---- training ------------------------------------------------------------------------------

  private Behavior<Command> training(RoundTally tally) {
    if (tally.scheduled().isEmpty()) {
      return aggregating(tally);
    }
    server.tell(
        new EdgeServerActor.BeginRound(round, tally.attempt(), tally.scheduled(), serverAdapter));
    // The deadline covers the whole round, so a server that never answers cannot stall the run.
    timers.startSingleTimer(
        DEADLINE, new RoundTimedOut(round, tally.attempt()), plan.roundTimeout());
    return receiving()
        .onMessage(FromServer.class, m -> onTrainingEvent(tally, m.event()))
        .onMessage(
            RoundTimedOut.class,
            timeout -> {
              if (timeout.round() != round || timeout.attempt() != tally.attempt()) {
                return Behaviors.same();
              }
              context
                  .getLog()
                  .warn(
                      "round {}: deadline passed, dropping devices {}",
                      round,
                      tally.deadlinePassed());
              return aggregating(tally);
            })
        .onAnyMessage(stale -> Behaviors.same())
        .build();
  }

  private Behavior<Command> onTrainingEvent(RoundTally tally, RoundEvent event) {
    if (event instanceof EdgeServerActor.ServerRestarting) {
      return retryOrFail(tally, "the edge server crashed");
    }
    if (event instanceof EdgeServerActor.WorkerLost lost
        && current(tally, lost.round(), lost.attempt())) {
      return retryOrFail(tally, "encoder worker " + lost.worker() + " crashed: " + lost.reason());
    }
    if (event instanceof EdgeServerActor.BeginFailed failed
        && current(tally, failed.round(), failed.attempt())) {
      return retryOrFail(tally, "the edge server could not begin the round: " + failed.reason());
    }
    if (event instanceof EdgeServerActor.RoundBegun begun
        && current(tally, begun.round(), begun.attempt())) {
      for (int device : tally.pending()) {
        devices
            .get(device)
            .tell(
                new DeviceActor.StartLocalTraining(
                    round, tally.attempt(), plan.localSteps(), begun.head(), server));
      }
    } else if (event instanceof EdgeServerActor.DeviceFinished f
        && current(tally, f.done().round(), f.done().attempt())) {
      EdgeServerActor.LocalTrainingDone done = f.done();
      tally.finish(
          done.device(), new RoundTally.Finished(done.examples(), done.head(), done.meanLoss()));
    } else if (event instanceof EdgeServerActor.DeviceFailed failed
        && current(tally, failed.round(), failed.attempt())) {
      tally.drop(failed.device());
    } else {
      return Behaviors.same();
    }
    return tally.settled() ? aggregating(tally) : Behaviors.same();
  }

  private boolean current(RoundTally tally, long r, int attempt) {
    return r == round && attempt == tally.attempt();
  }

  /** Runs the round again from its start, or stops the run when its retries are spent. */
  private Behavior<Command> retryOrFail(RoundTally tally, String reason) {
    timers.cancel(DEADLINE);
    if (tally.attempt() >= plan.roundRetries()) {
      return failRun(
          "round "
              + round
              + " failed "
              + (tally.attempt() + 1)
              + " times (edgetune.federated.round-retries = "
              + plan.roundRetries()
              + "), the last time because "
              + reason);
    }
    context
        .getLog()
        .warn(
            "round {}: {}; running the round again (attempt {})",
            round,
            reason,
            tally.attempt() + 2);
    return training(tally.retry());
  }

  // ---- aggregating ---------------------------------------------------------------------------

  private Behavior<Command> aggregating(RoundTally tally) {
    timers.cancel(DEADLINE);
    server.tell(new EdgeServerActor.Aggregate(round, tally.updates(), serverAdapter));
    return receiving()
        .onMessage(
            FromServer.class,
            m -> {
              if (m.event() instanceof EdgeServerActor.ServerRestarting) {
                return retryOrFail(tally, "the edge server crashed while aggregating");
              }
              if (m.event() instanceof EdgeServerActor.Aggregated done && done.round() == round) {
                if (done.failure() != null) {
                  context
                      .getLog()
                      .error(
                          "round {}: aggregation failed, global state unchanged: {}",
                          round,
                          done.failure());
                }
                boolean evaluate =
                    (round + 1) % plan.evalEvery() == 0 || round + 1 == plan.rounds();
                if (!evaluate) {
                  return checkpointing(tally);
                }
                // One evaluation at a time: a previous one still running beside the rounds finishes
                // first.
                return afterEvaluation(
                    () -> plan.evaluateBeside() ? evaluatingBeside(tally) : evaluating(tally, 0));
              }
              return Behaviors.same();
            })
        .onAnyMessage(stale -> Behaviors.same())
        .build();
  }

  // ---- evaluating ----------------------------------------------------------------------------

  /** Between rounds: the next round waits for the scores. */
  private Behavior<Command> evaluating(RoundTally tally, int crashes) {
    server.tell(new EdgeServerActor.Evaluate(round, false, serverAdapter));
    return Behaviors.receive(Command.class)
        .onMessage(
            FromServer.class,
            m -> {
              if (m.event() instanceof EdgeServerActor.ServerRestarting) {
                if (crashes >= plan.roundRetries()) {
                  return failRun(
                      "the edge server crashed "
                          + (crashes + 1)
                          + " times while evaluating round "
                          + round
                          + " (edgetune.federated.round-retries = "
                          + plan.roundRetries()
                          + ")");
                }
                // The round's update is applied and kept outside the actor: only the evaluation is
                // redone.
                return evaluating(tally, crashes + 1);
              }
              if (m.event() instanceof EdgeServerActor.Evaluated evaluated
                  && evaluated.round() == round) {
                Scores scores = scoresOf(evaluated);
                if (scores != null) {
                  lastScores = scores;
                }
                return checkpointing(tally, scores);
              }
              return Behaviors.same();
            })
        .onAnyMessage(stale -> Behaviors.same())
        .build();
  }

  /**
   * Beside the following rounds: the server takes the round's global state as it handles the
   * request (before anything of the next round) and evaluates it on a thread of its own; the run's
   * outputs from this round's line on wait for the scores ({@link DeferredOutput}). The evaluation
   * runs in a future, so a crash and restart of the server actor does not lose it.
   */
  private Behavior<Command> evaluatingBeside(RoundTally tally) {
    server.tell(new EdgeServerActor.Evaluate(round, true, serverAdapter));
    output.started(round);
    return checkpointing(tally);
  }

  /**
   * Continues with {@code next} once no evaluation runs beside the rounds (at once if none does).
   */
  private Behavior<Command> afterEvaluation(Supplier<Behavior<Command>> next) {
    if (!output.evaluating()) {
      return next.get();
    }
    return Behaviors.receive(Command.class)
        .onMessage(
            FromServer.class,
            m -> m.event() instanceof EdgeServerActor.Evaluated,
            m -> {
              evaluatedBeside((EdgeServerActor.Evaluated) m.event());
              return output.evaluating() ? Behaviors.same() : next.get();
            })
        .onAnyMessage(stale -> Behaviors.same())
        .build();
  }

  /**
   * A phase's messages, after those of an evaluation running beside the rounds: its scores release
   * the outputs that waited for them, whatever phase the rounds are in.
   */
  private BehaviorBuilder<Command> receiving() {
    return Behaviors.receive(Command.class)
        .onMessage(
            FromServer.class,
            m -> m.event() instanceof EdgeServerActor.Evaluated,
            m -> {
              evaluatedBeside((EdgeServerActor.Evaluated) m.event());
              return Behaviors.same();
            });
  }

  private void evaluatedBeside(EdgeServerActor.Evaluated evaluated) {
    if (!output.evaluating() || evaluated.round() != output.evaluatingRound()) {
      return;
    }
    Scores scores = scoresOf(evaluated);
    if (scores != null) {
      lastScores = scores;
    }
    int line = history.size() - 1;
    while (history.get(line).round() != evaluated.round()) {
      line--;
    }
    if (scores != null) {
      history.set(line, history.get(line).withScores(scores.accuracy(), scores.f1()));
    }
    output.finished(evaluated.round(), scores).forEach(sink::tell);
  }

  private Scores scoresOf(EdgeServerActor.Evaluated evaluated) {
    if (evaluated.failure() != null) {
      context
          .getLog()
          .error("round {}: evaluation failed: {}", evaluated.round(), evaluated.failure());
      return null;
    }
    return evaluated.scores();
  }

  // ---- checkpointing -------------------------------------------------------------------------

  private Behavior<Command> checkpointing(RoundTally tally) {
    return checkpointing(tally, null);
  }

  /**
   * Records the round, then asks the server and the scheduler for their state; the next round
   * starts once both answered (or their ask timed out after the round deadline, and the round goes
   * without a checkpoint). While an evaluation runs beside the rounds, the line and the checkpoint
   * go to the sink once its scores are in.
   */
  private Behavior<Command> checkpointing(RoundTally tally, Scores scores) {
    RoundRecord record = record(tally, scores);
    history.add(record);
    long evaluatedHere = output.evaluating() && output.evaluatingRound() == round ? round : -1;
    toSink(
        besideScores ->
            new MetricsSink.Record(
                besideScores == null || evaluatedHere < 0
                    ? record
                    : record.withScores(besideScores.accuracy(), besideScores.f1())));
    long r = round;
    context.ask(
        EdgeServerActor.Snapshotted.class,
        server,
        plan.roundTimeout(),
        EdgeServerActor.Snapshot::new,
        (reply, failure) ->
            reply != null
                ? new ServerSnapshotted(r, reply.state(), reply.failure())
                : new ServerSnapshotted(r, null, String.valueOf(failure)));
    context.ask(
        SchedulerActor.Snapshotted.class,
        scheduler,
        plan.roundTimeout(),
        SchedulerActor.Snapshot::new,
        (reply, failure) ->
            reply != null
                ? new SchedulerSnapshotted(r, reply.state(), null)
                : new SchedulerSnapshotted(r, null, String.valueOf(failure)));
    return awaitingSnapshots(null, null);
  }

  private Behavior<Command> awaitingSnapshots(
      ServerSnapshotted serverState, SchedulerSnapshotted schedulerState) {
    if (serverState != null && schedulerState != null) {
      if (serverState.state() != null && schedulerState.state() != null) {
        long next = round + 1;
        // lastScores is read when the checkpoint goes out: after a running evaluation's scores.
        toSink(
            besideScores ->
                new MetricsSink.SaveCheckpoint(
                    next, serverState.state(), schedulerState.state(), lastScores));
      } else {
        context
            .getLog()
            .error(
                "round {}: no checkpoint, state snapshot failed: server {}, scheduler {}",
                round,
                serverState.failure(),
                schedulerState.failure());
      }
      round++;
      return planning();
    }
    return receiving()
        .onMessage(
            ServerSnapshotted.class,
            s -> s.round() == round ? awaitingSnapshots(s, schedulerState) : Behaviors.same())
        .onMessage(
            SchedulerSnapshotted.class,
            s -> s.round() == round ? awaitingSnapshots(serverState, s) : Behaviors.same())
        .onAnyMessage(stale -> Behaviors.same())
        .build();
  }

  /**
   * A message for the sink, made from the scores of the evaluation running beside the rounds (null
   * when none).
   */
  private void toSink(Function<Scores, MetricsSink.Command> message) {
    output.offer(message).forEach(sink::tell);
  }

  // ---- end of the run ------------------------------------------------------------------------

  private Behavior<Command> failRun(String reason) {
    // The lines and checkpoints waiting for a running evaluation go out first, so none is lost.
    return afterEvaluation(() -> failRunNow(reason));
  }

  private Behavior<Command> failRunNow(String reason) {
    String message =
        reason + "; the run stops here, and the checkpoints of the rounds before are kept";
    context.getLog().error(message);
    sink.tell(new MetricsSink.Failed(message));
    return Behaviors.stopped();
  }

  private RoundRecord record(RoundTally tally, Scores scores) {
    RoundOutcome outcome = planned.outcome();
    List<Integer> scheduled = outcome.grants().stream().map(Grant::device).toList();
    List<Double> shares = outcome.grants().stream().map(Grant::share).toList();
    double roundEnergy = 0;
    for (double e : outcome.energyJ()) {
      roundEnergy += e;
    }
    return new RoundRecord(
        round,
        planned.reported(),
        scheduled,
        shares,
        scheduled.size(),
        tally.completed(),
        tally.dropped(),
        tally.meanLoss(),
        outcome.energyJ(),
        roundEnergy,
        outcome.roundLatencyS(),
        Double.isNaN(outcome.objective()) ? null : outcome.objective(),
        outcome.meanBacklogJ(),
        outcome.maxBacklogJ(),
        outcome.guardRefusals(),
        scores == null ? null : scores.accuracy(),
        scores == null ? null : scores.f1(),
        nullIfEmpty(faults.take(round)),
        tally.attempt() == 0 ? null : tally.attempt(),
        wallBeforeS + (System.nanoTime() - startedNanos) / 1e9);
  }

  private static List<String> nullIfEmpty(List<String> labels) {
    return labels.isEmpty() ? null : labels;
  }
}
