package org.edgetune.actors;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.edgetune.actors.EdgeServerActor.RoundEvent;
import org.edgetune.faults.FaultLog;
import org.edgetune.schedule.Grant;
import org.edgetune.schedule.RoundOutcome;
import org.edgetune.schedule.Scheduler;
import org.edgetune.sim.RoundRecord;
import org.edgetune.sim.RunResult;
import org.edgetune.train.BinaryScores;
import org.edgetune.train.ServerTrainer;
import org.edgetune.train.ServerTrainer.DeviceUpdate;

/**
 * Drives the rounds of DESIGN.md §3: plan (scheduler) → begin (server, head broadcast) → local
 * split steps (devices with the server) until every scheduled device finished, failed, or the round
 * deadline passed → aggregation → periodic evaluation → the round's record → the round's
 * checkpoint (server and scheduler state, after the record in the sink). Then the next round; after
 * the last one it hands the run's result to the metrics sink and stops.
 *
 * <p>If the edge server crashes before the round's aggregation is done, the round runs again from
 * its start with the same plan (energy was charged once, at the decision), up to
 * {@code roundRetries} times; every draw is keyed by the round, so the retry computes what the
 * uncrashed round would have. Past the retries the round closes with no update.
 */
public final class RoundDriver extends AbstractBehavior<RoundDriver.Command> {

  /**
   * Local only: the driver's start comes from its parent, and the rest are its own timer and the
   * wrappers of its adapters and asks. What reaches it from other actors arrives as their
   * (serializable) replies before it is wrapped.
   */
  public sealed interface Command extends NoSerializationVerificationNeeded {}

  public enum Start implements Command { INSTANCE }

  /** Instead of {@link Start}: continue a stopped run at {@code nextRound}; {@code history} holds the rounds before. */
  public record Resume(long nextRound, List<RoundRecord> history, BinaryScores lastScores) implements Command {}

  private record Planned(SchedulerActor.RoundPlanned planned) implements Command {}

  private record PlanningFailed(long round, Throwable failure) implements Command {}

  private record FromServer(RoundEvent event) implements Command {}

  private record RoundTimedOut(long round) implements Command {}

  private record ServerSnapshotted(long round, ServerTrainer.State state, String failure) implements Command {}

  private record SchedulerSnapshotted(long round, Scheduler.State state, String failure) implements Command {}

  /** Fixed facts of the run the driver needs. */
  public record Plan(long rounds, int localSteps, int evalEvery, Duration roundTimeout, int devices, int roundRetries) {}

  private final ActorContext<Command> context;
  private final TimerScheduler<Command> timers;
  private final Plan plan;
  private final ActorRef<SchedulerActor.Command> scheduler;
  private final ActorRef<EdgeServerActor.Command> server;
  private final Map<Integer, ActorRef<DeviceActor.Command>> devices;
  private final ActorRef<MetricsSink.Command> sink;
  private final ActorRef<RoundEvent> serverAdapter;
  private final FaultLog faults;
  private final List<RoundRecord> history = new ArrayList<>();
  private final long startedNanos = System.nanoTime();

  private long round;
  private int attempt;
  private RoundOutcome outcome;
  private int reported;
  private final TreeSet<Integer> pending = new TreeSet<>();
  private final TreeMap<Integer, EdgeServerActor.LocalTrainingDone> finished = new TreeMap<>();
  private final TreeSet<Integer> dropped = new TreeSet<>();
  private boolean aggregating;
  private boolean aggregated;
  private boolean evaluating;
  private BinaryScores lastScores;
  /** Wall time of the rounds before a resume, so wall_seconds keeps counting across attempts. */
  private double wallBeforeS;
  private ServerSnapshotted serverSnapshot;
  private SchedulerSnapshotted schedulerSnapshot;

  public static Behavior<Command> create(
      Plan plan,
      ActorRef<SchedulerActor.Command> scheduler,
      ActorRef<EdgeServerActor.Command> server,
      Map<Integer, ActorRef<DeviceActor.Command>> devices,
      ActorRef<MetricsSink.Command> sink,
      FaultLog faults) {
    return Behaviors.setup(context -> Behaviors.withTimers(timers ->
        new RoundDriver(context, timers, plan, scheduler, server, devices, sink, faults)));
  }

  private RoundDriver(
      ActorContext<Command> context,
      TimerScheduler<Command> timers,
      Plan plan,
      ActorRef<SchedulerActor.Command> scheduler,
      ActorRef<EdgeServerActor.Command> server,
      Map<Integer, ActorRef<DeviceActor.Command>> devices,
      ActorRef<MetricsSink.Command> sink,
      FaultLog faults) {
    super(context);
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

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessageEquals(Start.INSTANCE, this::startRound)
        .onMessage(Resume.class, this::onResume)
        .onMessage(ServerSnapshotted.class, this::onServerSnapshotted)
        .onMessage(SchedulerSnapshotted.class, this::onSchedulerSnapshotted)
        .onMessage(Planned.class, this::onPlanned)
        .onMessage(PlanningFailed.class, this::onPlanningFailed)
        .onMessage(FromServer.class, this::onServerEvent)
        .onMessage(RoundTimedOut.class, this::onRoundTimedOut)
        .build();
  }

  private Behavior<Command> startRound() {
    if (round >= plan.rounds()) {
      sink.tell(new MetricsSink.Finished(new RunResult(List.copyOf(history), lastScores, plan.devices(), 0)));
      return Behaviors.stopped();
    }
    outcome = null;
    attempt = 0;
    long r = round;
    // The plan charges energy, so a lost answer cannot simply be asked for again: past the round
    // deadline the run fails (with a reason) instead of waiting for ever.
    context.ask(SchedulerActor.RoundPlanned.class, scheduler, plan.roundTimeout(),
        replyTo -> new SchedulerActor.PlanRound(r, replyTo),
        (planned, failure) -> planned != null ? new Planned(planned) : new PlanningFailed(r, failure));
    return this;
  }

  private Behavior<Command> onResume(Resume resume) {
    round = resume.nextRound();
    history.addAll(resume.history());
    lastScores = resume.lastScores();
    wallBeforeS = history.isEmpty() ? 0 : history.get(history.size() - 1).wallSeconds();
    return startRound();
  }

  private Behavior<Command> onPlanningFailed(PlanningFailed failed) {
    throw new IllegalStateException("round " + failed.round() + ": the scheduler did not plan the round within "
        + plan.roundTimeout().toSeconds() + " s (" + failed.failure() + ")");
  }

  private Behavior<Command> onPlanned(Planned planned) {
    outcome = planned.planned().outcome();
    reported = planned.planned().reported();
    return beginAttempt();
  }

  private Behavior<Command> beginAttempt() {
    pending.clear();
    finished.clear();
    dropped.clear();
    aggregating = false;
    aggregated = false;
    evaluating = false;
    if (outcome.grants().isEmpty()) {
      return aggregate();
    }
    List<Integer> scheduled = outcome.grants().stream().map(Grant::device).toList();
    pending.addAll(scheduled);
    server.tell(new EdgeServerActor.BeginRound(round, attempt, scheduled, serverAdapter));
    // The deadline covers the whole round, so a server that never answers cannot stall the run.
    timers.startSingleTimer(new RoundTimedOut(round), plan.roundTimeout());
    return this;
  }

  private Behavior<Command> onServerRestarting(EdgeServerActor.ServerRestarting restarting) {
    if (evaluating) {
      server.tell(new EdgeServerActor.Evaluate(round, serverAdapter));
      return this;
    }
    if (outcome == null || aggregated) {
      return this; // nothing of the round is lost: no plan yet, or the update is already applied
    }
    timers.cancel(new RoundTimedOut(round));
    if (attempt >= plan.roundRetries()) {
      context.getLog().error("round {}: edge server crashed again after {} retries; the round closes with no update",
          round, attempt);
      dropped.addAll(pending);
      dropped.addAll(finished.keySet());
      pending.clear();
      finished.clear();
      aggregating = false;
      return aggregate();
    }
    attempt++;
    context.getLog().warn("round {}: edge server restarted; retrying the round (attempt {})", round, attempt + 1);
    return beginAttempt();
  }

  private Behavior<Command> onServerEvent(FromServer message) {
    RoundEvent event = message.event();
    if (event instanceof EdgeServerActor.ServerRestarting restarting) {
      return onServerRestarting(restarting);
    }
    if (event instanceof EdgeServerActor.RoundBegun begun && current(begun.round(), begun.attempt())) {
      for (int device : pending) {
        devices.get(device).tell(
            new DeviceActor.StartLocalTraining(round, attempt, plan.localSteps(), begun.head(), server));
      }
    } else if (event instanceof EdgeServerActor.DeviceFinished f && current(f.done().round(), f.done().attempt())) {
      if (pending.remove(f.done().device())) {
        finished.put(f.done().device(), f.done());
      }
      if (pending.isEmpty()) {
        return aggregate();
      }
    } else if (event instanceof EdgeServerActor.DeviceFailed failed && current(failed.round(), failed.attempt())) {
      if (pending.remove(failed.device())) {
        dropped.add(failed.device());
      }
      if (pending.isEmpty()) {
        return aggregate();
      }
    } else if (event instanceof EdgeServerActor.Aggregated done && done.round() == round && aggregating) {
      aggregated = true;
      if (done.failure() != null) {
        context.getLog().error("round {}: aggregation failed, global state unchanged: {}", round, done.failure());
      }
      boolean evaluate = (round + 1) % plan.evalEvery() == 0 || round + 1 == plan.rounds();
      if (evaluate) {
        evaluating = true;
        server.tell(new EdgeServerActor.Evaluate(round, serverAdapter));
        return this;
      }
      return finishRound(null);
    } else if (event instanceof EdgeServerActor.Evaluated evaluated && evaluated.round() == round && evaluating) {
      evaluating = false;
      if (evaluated.failure() != null) {
        context.getLog().error("round {}: evaluation failed: {}", round, evaluated.failure());
      }
      return finishRound(evaluated.scores());
    }
    return this;
  }

  private boolean current(long r, int a) {
    return r == round && a == attempt && !aggregating;
  }

  private Behavior<Command> onRoundTimedOut(RoundTimedOut timeout) {
    if (timeout.round() != round || aggregating || pending.isEmpty()) {
      return this;
    }
    context.getLog().warn("round {}: deadline passed, dropping devices {}", round, pending);
    dropped.addAll(pending);
    pending.clear();
    return aggregate();
  }

  private Behavior<Command> aggregate() {
    aggregating = true;
    timers.cancel(new RoundTimedOut(round));
    List<DeviceUpdate> updates = finished.values().stream()
        .map(d -> new DeviceUpdate(d.device(), d.examples(), d.head()))
        .toList();
    server.tell(new EdgeServerActor.Aggregate(round, updates, serverAdapter));
    return this;
  }

  private Behavior<Command> finishRound(BinaryScores scores) {
    if (scores != null) {
      lastScores = scores;
    }
    RoundRecord record = record(scores);
    history.add(record);
    sink.tell(new MetricsSink.Record(record));
    return snapshot();
  }

  /**
   * Asks the server and the scheduler for their state between rounds; the next round starts once
   * both answered (or their ask timed out after the round deadline, and the round goes without a
   * checkpoint).
   */
  private Behavior<Command> snapshot() {
    long r = round;
    serverSnapshot = null;
    schedulerSnapshot = null;
    context.ask(EdgeServerActor.Snapshotted.class, server, plan.roundTimeout(), EdgeServerActor.Snapshot::new,
        (reply, failure) -> reply != null
            ? new ServerSnapshotted(r, reply.state(), reply.failure())
            : new ServerSnapshotted(r, null, String.valueOf(failure)));
    context.ask(SchedulerActor.Snapshotted.class, scheduler, plan.roundTimeout(), SchedulerActor.Snapshot::new,
        (reply, failure) -> reply != null
            ? new SchedulerSnapshotted(r, reply.state(), null)
            : new SchedulerSnapshotted(r, null, String.valueOf(failure)));
    return this;
  }

  private Behavior<Command> onServerSnapshotted(ServerSnapshotted snapshotted) {
    if (snapshotted.round() == round) {
      serverSnapshot = snapshotted;
    }
    return checkpointWhenSnapshotted();
  }

  private Behavior<Command> onSchedulerSnapshotted(SchedulerSnapshotted snapshotted) {
    if (snapshotted.round() == round) {
      schedulerSnapshot = snapshotted;
    }
    return checkpointWhenSnapshotted();
  }

  private Behavior<Command> checkpointWhenSnapshotted() {
    if (serverSnapshot == null || schedulerSnapshot == null) {
      return this;
    }
    if (serverSnapshot.state() != null && schedulerSnapshot.state() != null) {
      sink.tell(new MetricsSink.SaveCheckpoint(round + 1, serverSnapshot.state(), schedulerSnapshot.state(), lastScores));
    } else {
      context.getLog().error("round {}: no checkpoint, state snapshot failed: server {}, scheduler {}",
          round, serverSnapshot.failure(), schedulerSnapshot.failure());
    }
    serverSnapshot = null;
    schedulerSnapshot = null;
    round++;
    context.getSelf().tell(Start.INSTANCE);
    return this;
  }

  private RoundRecord record(BinaryScores scores) {
    List<Integer> scheduled = outcome.grants().stream().map(Grant::device).toList();
    List<Double> shares = outcome.grants().stream().map(Grant::share).toList();
    double roundEnergy = 0;
    for (double e : outcome.energyJ()) {
      roundEnergy += e;
    }
    Double loss = finished.isEmpty()
        ? null
        : finished.values().stream().mapToDouble(EdgeServerActor.LocalTrainingDone::meanLoss).sum() / finished.size();
    return new RoundRecord(
        round, reported, scheduled, shares, scheduled.size(), List.copyOf(finished.keySet()), List.copyOf(dropped),
        loss, outcome.energyJ(), roundEnergy, outcome.roundLatencyS(),
        Double.isNaN(outcome.objective()) ? null : outcome.objective(),
        outcome.meanBacklogJ(), outcome.maxBacklogJ(), outcome.guardRefusals(),
        scores == null ? null : scores.accuracy(), scores == null ? null : scores.f1(),
        nullIfEmpty(faults.take(round)), attempt == 0 ? null : attempt,
        wallBeforeS + (System.nanoTime() - startedNanos) / 1e9);
  }

  private static List<String> nullIfEmpty(List<String> labels) {
    return labels.isEmpty() ? null : labels;
  }
}
