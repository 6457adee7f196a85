package org.edgetune.actors;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PreRestart;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.edgetune.assembly.EncoderTier;
import org.edgetune.assembly.ServerParts;
import org.edgetune.model.EmbeddedBatch;
import org.edgetune.model.ParameterState;
import org.edgetune.model.TensorPayload;
import org.edgetune.train.Evaluator;
import org.edgetune.train.PassSchedule;
import org.edgetune.train.Scores;
import org.edgetune.train.ServerTrainer;
import org.edgetune.train.ServerTrainer.DeviceUpdate;
import org.edgetune.train.WorkerAssignment;

/**
 * The edge server: holds the encoder's LoRA state (in a {@link ServerTrainer}), runs the encoder
 * passes of the scheduled devices in the order a {@link PassSchedule} gives (one open pass at a
 * time, or one batch per round), aggregates and evaluates. Each device leaves a round once, so the
 * driver hears of it once. All model work goes to the DJL dispatcher and comes back as a message; a
 * failed call becomes a failure reply, never a crash. Messages of a round or attempt other than the
 * current one are stale (a straggler, or the work of a round that was retried after a crash) and
 * are dropped. If the actor itself crashes, it tells the driver before it restarts, so the driver
 * can retry the round; the trainer's state outlives it.
 */
public final class EdgeServerActor extends AbstractBehavior<EdgeServerActor.Command> {

  /**
   * The server's actor name under the user guardian; the cluster's large-message channel names its
   * path.
   */
  public static final String NAME = "edge-server";

  public sealed interface Command extends CborSerializable {}

  /** Driver, once before the first round: where to say that the server crashed and restarted. */
  public record AttachDriver(ActorRef<RoundEvent> driver) implements Command {}

  /**
   * Driver: start round {@code round} for the scheduled devices; replies with the head to
   * broadcast.
   */
  public record BeginRound(
      long round, int attempt, List<Integer> devices, ActorRef<RoundEvent> events)
      implements Command {}

  public record UploadEmbeddings(
      long round,
      int attempt,
      int device,
      int step,
      EmbeddedBatch batch,
      ActorRef<DeviceActor.Command> replyTo)
      implements Command {}

  public record UploadFeatureGradient(
      long round,
      int attempt,
      int device,
      int step,
      TensorPayload gradient,
      ActorRef<DeviceActor.Command> replyTo)
      implements Command {}

  /**
   * A device finished its local steps: its head copy goes to aggregation, its mean loss to the
   * metrics.
   */
  public record LocalTrainingDone(
      long round, int attempt, int device, int examples, ParameterState head, double meanLoss)
      implements Command {}

  public record LocalTrainingFailed(long round, int attempt, int device, String reason)
      implements Command {}

  /**
   * Driver: FedAvg of the given devices' updates (device-id order) and the server optimizer step.
   */
  public record Aggregate(long round, List<DeviceUpdate> updates, ActorRef<RoundEvent> replyTo)
      implements Command {}

  /**
   * Driver, right after the round's aggregation: evaluate the global state as it is now. With
   * {@code beside}, on the evaluation's own thread, so the next rounds can run meanwhile (the state
   * is taken before any later message is handled); else on the server's thread, in turn.
   */
  public record Evaluate(long round, boolean beside, ActorRef<RoundEvent> replyTo)
      implements Command {}

  /**
   * Driver, between rounds: the global state for the round's checkpoint, taken on the DJL
   * dispatcher.
   */
  public record Snapshot(ActorRef<Snapshotted> replyTo) implements Command {}

  /** The server's global state, or why it could not be taken. */
  public record Snapshotted(ServerTrainer.State state, String failure)
      implements CborSerializable {}

  /** What the server tells the round driver. */
  public sealed interface RoundEvent extends CborSerializable {}

  public record RoundBegun(long round, int attempt, ParameterState head) implements RoundEvent {}

  /**
   * The server could not begin the round (its model work failed); nothing of the round has started.
   */
  public record BeginFailed(long round, int attempt, String reason) implements RoundEvent {}

  public record DeviceFinished(LocalTrainingDone done) implements RoundEvent {}

  public record DeviceFailed(long round, int attempt, int device, String reason)
      implements RoundEvent {}

  /** The server crashed and is restarting; whatever the current round had in flight is lost. */
  public record ServerRestarting(long round, int attempt) implements RoundEvent {}

  /**
   * An encoder worker crashed in the round; its devices' work is lost and the round must run again.
   */
  public record WorkerLost(long round, int attempt, int worker, String reason)
      implements RoundEvent {}

  public record Aggregated(long round, String failure) implements RoundEvent {}

  public record Evaluated(long round, Scores scores, String failure) implements RoundEvent {}

  // The private messages below are the server's own timers and the results of its model work,
  // piped to itself: local only, and a Throwable has no wire form.
  private record Forwarded(
      long round,
      int attempt,
      int device,
      int step,
      TensorPayload features,
      Throwable failure,
      ActorRef<DeviceActor.Command> replyTo)
      implements Command, NoSerializationVerificationNeeded {}

  private record PassTimedOut(long round, int attempt, int device)
      implements Command, NoSerializationVerificationNeeded {}

  private record BatchDue(long round, int attempt)
      implements Command, NoSerializationVerificationNeeded {}

  private record BatchForwarded(
      long round, int attempt, Map<Integer, TensorPayload> features, Throwable failure)
      implements Command, NoSerializationVerificationNeeded {}

  private record GradientKept(
      long round, int attempt, int device, Throwable failure, ActorRef<DeviceActor.Command> replyTo)
      implements Command, NoSerializationVerificationNeeded {}

  /**
   * @param cutGradient for the device's own layers at a deep cut, else null
   */
  private record BackwardDone(
      long round,
      int attempt,
      int device,
      int step,
      TensorPayload cutGradient,
      Throwable failure,
      ActorRef<DeviceActor.Command> replyTo)
      implements Command, NoSerializationVerificationNeeded {}

  private final ActorContext<Command> context;
  private final TimerScheduler<Command> timers;
  private final Duration stepTimeout;
  private final boolean batched;
  private final ServerTrainer trainer;
  private final Evaluator evaluator;
  private final DjlWork djl;

  /** Outlives restarts (made once per spawn, outside the behaviour's setup). */
  private final AtomicReference<ActorRef<RoundEvent>> driver;

  /**
   * The encoder workers, each behind its lane (its calls run one after another); made at the first
   * start.
   */
  private final List<EncoderLane> lanes;

  /** Injected worker crashes, and the rounds they already hit (a retried round runs clean). */
  private final WorkerCrashes crashes;

  /**
   * Workers that crashed in the current round: its retry runs on the others while there are any.
   */
  private final Set<Integer> crashedThisRound = new TreeSet<>();

  private static final Object BATCH_TIMER = "batch";

  private long round = -1;
  private int attempt;
  private ActorRef<RoundEvent> events;

  /** Which pass runs next, and who is still in the round (plain Java, unit-tested). */
  private final PassSchedule<UploadEmbeddings> passes = new PassSchedule<>();

  /** The round's device → worker assignment. */
  private Map<Integer, Integer> workerOf = Map.of();

  /** The server of one JVM with its own encoder workers only, and no injected worker crash. */
  public static Behavior<Command> create(ServerParts parts) {
    return create(parts, EncoderNodes.NONE, WorkerCrashes.NONE);
  }

  /**
   * The trainer's encoder workers ({@link EncoderTier#workers()}) share a round's devices (passes
   * run in parallel, one open pass per worker); a batched round runs as one pass on the server's
   * own trainer. Each open pass waits {@link EncoderTier#stepTimeout()} for its gradient (and a
   * batch for its uploads).
   *
   * @param encoderNodes workers on encoder nodes: when any is there, they take the devices and this
   *     JVM's workers stand by for when every node is lost
   */
  public static Behavior<Command> create(
      ServerParts parts, EncoderNodes encoderNodes, WorkerCrashes crashes) {
    ServerTrainer trainer = parts.trainer();
    Evaluator evaluator = parts.evaluator();
    Duration stepTimeout = parts.encoders().stepTimeout();
    boolean batched = parts.encoders().batchEncoder();
    int encoderWorkers = parts.encoders().workers();
    AtomicReference<ActorRef<RoundEvent>> driver = new AtomicReference<>();
    // Outside the behaviour, so the workers and their lanes outlive a restart of the actor.
    List<EncoderLane> lanes = new ArrayList<>();
    return Behaviors.setup(
        context -> {
          if (lanes.isEmpty()) {
            DjlWork djl = DjlWork.of(context.getSystem());
            IntStream.range(0, encoderWorkers)
                .forEach(
                    w ->
                        lanes.add(
                            new LocalEncoderLane(w, encoderWorkers, djl, trainer::newWorker)));
            for (ActorRef<EncoderNodeActor.Command> node : encoderNodes.nodes()) {
              lanes.add(
                  new RemoteEncoderLane(
                      lanes.size(),
                      node,
                      encoderNodes.runKey(),
                      encoderNodes.callTimeout(),
                      context.getSystem().scheduler()));
            }
            if (!encoderNodes.nodes().isEmpty()) {
              context
                  .getLog()
                  .info(
                      "encoder workers on {} encoder nodes: {}",
                      encoderNodes.nodes().size(),
                      encoderNodes.nodes().stream()
                          .map(n -> n.path().address().toString())
                          .toList());
            }
          }
          List<RemoteEncoderLane> remote =
              lanes.stream()
                  .filter(RemoteEncoderLane.class::isInstance)
                  .map(RemoteEncoderLane.class::cast)
                  .toList();
          if (!remote.isEmpty()) {
            context.spawn(EncoderNodeWatch.create(remote), "encoder-node-watch");
          }
          return Behaviors.withTimers(
              timers ->
                  new EdgeServerActor(
                      context,
                      timers,
                      trainer,
                      evaluator,
                      stepTimeout,
                      batched,
                      driver,
                      lanes,
                      crashes));
        });
  }

  private EdgeServerActor(
      ActorContext<Command> context,
      TimerScheduler<Command> timers,
      ServerTrainer trainer,
      Evaluator evaluator,
      Duration stepTimeout,
      boolean batched,
      AtomicReference<ActorRef<RoundEvent>> driver,
      List<EncoderLane> lanes,
      WorkerCrashes crashes) {
    super(context);
    this.driver = driver;
    this.lanes = lanes;
    this.crashes = crashes;
    this.context = context;
    this.timers = timers;
    this.stepTimeout = stepTimeout;
    this.batched = batched;
    this.trainer = trainer;
    this.evaluator = evaluator;
    this.djl = DjlWork.of(context.getSystem());
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(
            AttachDriver.class,
            attach -> {
              driver.set(attach.driver());
              return this;
            })
        .onMessage(BeginRound.class, this::onBeginRound)
        .onMessage(UploadEmbeddings.class, this::onUploadEmbeddings)
        .onMessage(Forwarded.class, this::onForwarded)
        .onMessage(UploadFeatureGradient.class, this::onUploadFeatureGradient)
        .onMessage(BackwardDone.class, this::onBackwardDone)
        .onMessage(PassTimedOut.class, this::onPassTimedOut)
        .onMessage(BatchDue.class, this::onBatchDue)
        .onMessage(BatchForwarded.class, this::onBatchForwarded)
        .onMessage(GradientKept.class, this::onGradientKept)
        .onMessage(LocalTrainingDone.class, this::onLocalTrainingDone)
        .onMessage(LocalTrainingFailed.class, this::onLocalTrainingFailed)
        .onMessage(Aggregate.class, this::onAggregate)
        .onMessage(Evaluate.class, this::onEvaluate)
        .onSignal(PreRestart.class, signal -> onPreRestart())
        .onMessage(Snapshot.class, this::onSnapshot)
        .build();
  }

  private Behavior<Command> onPreRestart() {
    context.getLog().warn("round {}: edge server crashed; restarting", round);
    ActorRef<RoundEvent> attached = driver.get();
    if (attached != null) {
      attached.tell(new ServerRestarting(round, attempt));
    }
    return this;
  }

  private boolean current(long r, int a) {
    return r == round && a == attempt;
  }

  private Behavior<Command> onBeginRound(BeginRound begin) {
    if (begin.round() != round) {
      crashedThisRound.clear();
    }
    round = begin.round();
    attempt = begin.attempt();
    events = begin.events();
    workerOf = assign(begin.devices());
    passes.begin(workerOf);
    timers.cancelAll();
    Map<Integer, Integer> assignment = workerOf;
    // Replies go straight from the future: ActorRef.tell is thread-safe and no state is touched.
    djl.submit(
            () -> {
              trainer.beginRound(begin.devices());
              ParameterState global = trainer.globalLora();
              // Queued on each worker's lane before any pass of the round can be.
              for (EncoderLane lane : lanes.stream().filter(EncoderLane::available).toList()) {
                List<Integer> own =
                    assignment.entrySet().stream()
                        .filter(e -> e.getValue() == lane.index())
                        .map(Map.Entry::getKey)
                        .toList();
                lane.begin(own, global);
              }
              return trainer.globalHead();
            })
        .whenComplete(
            (head, failure) ->
                begin
                    .events()
                    .tell(
                        failure == null
                            ? new RoundBegun(begin.round(), begin.attempt(), head)
                            : new BeginFailed(
                                begin.round(), begin.attempt(), String.valueOf(failure))));
    return this;
  }

  private Behavior<Command> onUploadEmbeddings(UploadEmbeddings upload) {
    if (!current(upload.round(), upload.attempt()) || !passes.inRound(upload.device())) {
      return this;
    }
    if (batched) {
      return addToBatch(upload);
    }
    passes.queue(upload.device(), upload).ifPresent(this::startPass);
    return this;
  }

  private Behavior<Command> addToBatch(UploadEmbeddings upload) {
    if (passes.batchEmpty()) {
      timers.startSingleTimer(BATCH_TIMER, new BatchDue(round, attempt), stepTimeout);
    }
    return switch (passes.addToBatch(upload.device(), upload)) {
      case LATE -> {
        deviceFailed(upload.device(), "upload missed the round's batched encoder pass");
        yield this;
      }
      case READY -> startBatch();
      case WAITING -> this;
    };
  }

  private Behavior<Command> onBatchDue(BatchDue due) {
    return current(due.round(), due.attempt()) && !passes.batchStarted() && !passes.batchEmpty()
        ? startBatch()
        : this;
  }

  private Behavior<Command> startBatch() {
    SortedMap<Integer, UploadEmbeddings> uploads = passes.startBatch();
    timers.cancel(BATCH_TIMER);
    context
        .getLog()
        .info("round {}: one batched encoder pass for devices {}", round, uploads.keySet());
    long r = round;
    int a = attempt;
    SortedMap<Integer, EmbeddedBatch> batches = new TreeMap<>();
    uploads.forEach((device, upload) -> batches.put(device, upload.batch()));
    context.pipeToSelf(
        djl.submit(() -> trainer.forwardBatch(r, batches)),
        (features, failure) -> new BatchForwarded(r, a, features, failure));
    return this;
  }

  private Behavior<Command> onBatchForwarded(BatchForwarded forwarded) {
    if (!current(forwarded.round(), forwarded.attempt())) {
      return this;
    }
    passes
        .batch()
        .forEach(
            (device, upload) -> {
              if (forwarded.failure() != null) {
                deviceFailed(device, "batched encoder forward failed: " + forwarded.failure());
              } else {
                upload
                    .replyTo()
                    .tell(
                        new DeviceActor.FeaturesComputed(
                            round,
                            attempt,
                            0,
                            forwarded.features().get(device),
                            context.getSelf()));
              }
            });
    return this;
  }

  private Behavior<Command> onGradientKept(GradientKept kept) {
    if (!current(kept.round(), kept.attempt())) {
      return this;
    }
    if (kept.failure() != null) {
      deviceFailed(kept.device(), "feature gradient refused: " + kept.failure());
    } else {
      kept.replyTo()
          .tell(
              new DeviceActor.LoraStepped(
                  kept.round(), kept.attempt(), 0, null, context.getSelf()));
    }
    return this;
  }

  private Object passTimer(int device) {
    return "pass-" + passes.lane(device);
  }

  /**
   * The round's devices over the workers that have not crashed in it (all of them, if every one
   * did).
   */
  private Map<Integer, Integer> assign(List<Integer> devices) {
    List<Integer> alive = usable(true);
    if (alive.isEmpty()) {
      alive = usable(false);
    }
    Map<Integer, Integer> assignment = new TreeMap<>();
    List<Integer> workersToUse = alive;
    WorkerAssignment.balanced(devices, alive.size())
        .forEach((device, i) -> assignment.put(device, workersToUse.get(i)));
    return assignment;
  }

  /**
   * The lanes that can take devices: those on encoder nodes when any is available (the server's own
   * lanes then stand by), else the server's own; with {@code skipCrashed}, not those that crashed
   * in this round. Falls back to every local lane when nothing else is left.
   */
  private List<Integer> usable(boolean skipCrashed) {
    List<EncoderLane> candidates =
        lanes.stream()
            .filter(l -> l.available() && !(skipCrashed && crashedThisRound.contains(l.index())))
            .toList();
    boolean anyRemote = candidates.stream().anyMatch(EncoderLane::remote);
    List<Integer> chosen =
        candidates.stream().filter(l -> l.remote() == anyRemote).map(EncoderLane::index).toList();
    return !chosen.isEmpty() || skipCrashed
        ? chosen
        : lanes.stream().filter(l -> !l.remote()).map(EncoderLane::index).toList();
  }

  private void startPass(UploadEmbeddings upload) {
    int w = workerOf.get(upload.device());
    WorkerCrashes.Strike crash = crashes.strike(upload.round(), w, lanes.get(w).remote());
    context.pipeToSelf(
        lanes.get(w).forward(upload.device(), upload.round(), upload.step(), upload.batch(), crash),
        (features, failure) ->
            new Forwarded(
                upload.round(),
                upload.attempt(),
                upload.device(),
                upload.step(),
                features,
                failure,
                upload.replyTo()));
  }

  private Behavior<Command> onForwarded(Forwarded forwarded) {
    // A pass abandoned meanwhile (its worker frees it next) has no one waiting for it.
    if (!current(forwarded.round(), forwarded.attempt()) || !passes.isRunning(forwarded.device())) {
      return this;
    }
    WorkerCrashes.Crashed crashed = WorkerCrashes.crashed(forwarded.failure());
    if (crashed != null) {
      return workerLost(crashed);
    }
    if (forwarded.failure() != null) {
      deviceFailed(forwarded.device(), "encoder forward failed: " + forwarded.failure());
      return passFinished(forwarded.device());
    }
    forwarded
        .replyTo()
        .tell(
            new DeviceActor.FeaturesComputed(
                round, attempt, forwarded.step(), forwarded.features(), context.getSelf()));
    timers.startSingleTimer(
        passTimer(forwarded.device()),
        new PassTimedOut(round, attempt, forwarded.device()),
        stepTimeout);
    return this;
  }

  private Behavior<Command> onUploadFeatureGradient(UploadFeatureGradient upload) {
    if (!current(upload.round(), upload.attempt())) {
      return this;
    }
    if (batched) {
      // The LoRA update waits for aggregation, where one backward serves every device.
      context.pipeToSelf(
          djl.submit(
              () -> {
                trainer.gradientReceived(upload.device(), upload.gradient());
                return upload.device();
              }),
          (device, failure) ->
              new GradientKept(round, attempt, upload.device(), failure, upload.replyTo()));
      return this;
    }
    if (!passes.isRunning(upload.device())) {
      return this;
    }
    context.pipeToSelf(
        lanes
            .get(workerOf.get(upload.device()))
            .backward(upload.device(), upload.step(), upload.gradient()),
        (cutGradient, failure) ->
            new BackwardDone(
                round,
                attempt,
                upload.device(),
                upload.step(),
                cutGradient == null ? null : cutGradient.orElse(null),
                failure,
                upload.replyTo()));
    return this;
  }

  private Behavior<Command> onBackwardDone(BackwardDone done) {
    if (!current(done.round(), done.attempt()) || !passes.isRunning(done.device())) {
      return this;
    }
    if (done.failure() != null) {
      deviceFailed(done.device(), "encoder backward failed: " + done.failure());
    } else {
      done.replyTo()
          .tell(
              new DeviceActor.LoraStepped(
                  round, attempt, done.step(), done.cutGradient(), context.getSelf()));
    }
    return passFinished(done.device());
  }

  private Behavior<Command> passFinished(int device) {
    timers.cancel(passTimer(device));
    passes.passEnded(device).ifPresent(this::startPass);
    return this;
  }

  private Behavior<Command> onPassTimedOut(PassTimedOut timeout) {
    if (!current(timeout.round(), timeout.attempt()) || !passes.isRunning(timeout.device())) {
      return this;
    }
    return abandonBusyPass(
        timeout.device(), "no feature gradient within " + stepTimeout.toMillis() + " ms");
  }

  /**
   * A worker crashed: its state is gone, so a fresh worker takes its place, and the round must run
   * again (the driver retries it) on the workers that did not crash.
   */
  private Behavior<Command> workerLost(WorkerCrashes.Crashed crashed) {
    context
        .getLog()
        .warn(
            "round {}: encoder worker {} crashed ({}); replaced, the round runs again",
            round,
            crashed.worker(),
            crashed.getMessage());
    lanes.set(crashed.worker(), lanes.get(crashed.worker()).replacement());
    crashedThisRound.add(crashed.worker());
    passes.clear();
    timers.cancelAll();
    events.tell(new WorkerLost(round, attempt, crashed.worker(), crashed.getMessage()));
    return this;
  }

  /** Drops the device whose pass is open, frees the pass on its worker and serves the next. */
  private Behavior<Command> abandonBusyPass(int device, String reason) {
    deviceFailed(device, reason);
    lanes.get(workerOf.get(device)).abandon(device);
    return passFinished(device);
  }

  private Behavior<Command> onLocalTrainingDone(LocalTrainingDone done) {
    if (current(done.round(), done.attempt()) && passes.leave(done.device())) {
      events.tell(new DeviceFinished(done));
    }
    return this;
  }

  private Behavior<Command> onLocalTrainingFailed(LocalTrainingFailed failed) {
    if (!current(failed.round(), failed.attempt()) || !passes.inRound(failed.device())) {
      return this;
    }
    if (passes.isRunning(failed.device())) {
      return abandonBusyPass(failed.device(), failed.reason());
    }
    deviceFailed(failed.device(), failed.reason());
    return batched && passes.batchReady() ? startBatch() : this;
  }

  /** Drops a device from the round and tells the driver, once per device and round. */
  private void deviceFailed(int device, String reason) {
    if (passes.leave(device)) {
      context.getLog().warn("round {}: device {} dropped: {}", round, device, reason);
      events.tell(new DeviceFailed(round, attempt, device, reason));
    }
  }

  private Behavior<Command> onAggregate(Aggregate aggregate) {
    passes.clear();
    timers.cancelAll();
    workerCopies(aggregate.updates())
        .thenCompose(
            copies ->
                djl.submit(
                    () -> {
                      trainer.aggregate(aggregate.updates(), copies);
                      return aggregate.round();
                    }))
        .whenComplete(
            (r, failure) ->
                aggregate
                    .replyTo()
                    .tell(
                        new Aggregated(
                            aggregate.round(), failure == null ? null : String.valueOf(failure))));
    return this;
  }

  /**
   * The finished devices' working copies, each from its worker after everything queued there before
   * (a batched round keeps its copies in the trainer). Open passes are freed on the way.
   */
  private CompletionStage<Map<Integer, ParameterState>> workerCopies(List<DeviceUpdate> updates) {
    Map<Integer, ParameterState> copies = new ConcurrentHashMap<>();
    if (batched) {
      return CompletableFuture.completedFuture(copies);
    }
    Map<Integer, Integer> assignment = workerOf;
    List<CompletableFuture<Integer>> collected = new ArrayList<>();
    for (EncoderLane lane : lanes) {
      List<Integer> own =
          updates.stream()
              .map(DeviceUpdate::device)
              .filter(d -> assignment.get(d) != null && assignment.get(d) == lane.index())
              .toList();
      collected.add(
          lane.collect(own)
              .thenApply(
                  laneCopies -> {
                    copies.putAll(laneCopies);
                    return lane.index();
                  })
              .toCompletableFuture());
    }
    return CompletableFuture.allOf(collected.toArray(CompletableFuture[]::new))
        .thenApply(done -> copies);
  }

  private Behavior<Command> onEvaluate(Evaluate evaluate) {
    // The round's aggregation has finished (the driver heard so before asking), and the next
    // round's cannot start before this message is handled: these are the round's values.
    ParameterState lora = trainer.globalLora();
    ParameterState head = trainer.globalHead();
    Supplier<Scores> evaluation = () -> evaluator.evaluate(lora, head);
    (evaluate.beside() ? djl.submitEvaluation(evaluation) : djl.submit(evaluation))
        .whenComplete(
            (scores, failure) ->
                evaluate
                    .replyTo()
                    .tell(
                        new Evaluated(
                            evaluate.round(),
                            scores,
                            failure == null ? null : String.valueOf(failure))));
    return this;
  }

  private Behavior<Command> onSnapshot(Snapshot snapshot) {
    djl.submit(trainer::snapshot)
        .whenComplete(
            (state, failure) ->
                snapshot
                    .replyTo()
                    .tell(
                        new Snapshotted(state, failure == null ? null : String.valueOf(failure))));
    return this;
  }
}
