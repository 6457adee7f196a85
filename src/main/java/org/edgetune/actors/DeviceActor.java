package org.edgetune.actors;

import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.PreRestart;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.edgetune.model.EmbeddedBatch;
import org.edgetune.model.ParameterState;
import org.edgetune.model.TensorPayload;
import org.edgetune.schedule.ChannelReport;
import org.edgetune.train.DeviceTrainer;
import org.edgetune.train.DeviceTrainer.LocalStep;
import org.edgetune.wireless.DeviceProfile;

/**
 * One edge device: its private shard and head copy (in a {@link DeviceTrainer}), its place in the
 * cell and its fading stream. Reports its channel, and when granted runs its side of τ split steps
 * with the server: embeddings up, features down, feature gradients up. Token ids, labels and text
 * never leave this actor. A restart (after a crash) keeps the trainer, so the shard, the head copy
 * and the keyed random streams are intact; the round in progress is lost, and the device says so.
 */
public final class DeviceActor extends AbstractBehavior<DeviceActor.Command> {

  public sealed interface Command extends CborSerializable {}

  /**
   * Is the device reachable? (A cluster's server waits for every device before the first round.)
   */
  public record Ping(ActorRef<Pong> replyTo) implements Command {}

  public record Pong(int device) implements CborSerializable {}

  /** Scheduler asks for this round's channel report. */
  public record ReportChannel(long round, ActorRef<ChannelReported> replyTo) implements Command {}

  public record ChannelReported(long round, ChannelReport report) implements CborSerializable {}

  /** Scheduler's grant: the device's share of the uplink band this round. */
  public record Granted(long round, double share) implements Command {}

  /** Server's broadcast of the round's head: run {@code steps} local split steps. */
  public record StartLocalTraining(
      long round,
      int attempt,
      int steps,
      ParameterState head,
      ActorRef<EdgeServerActor.Command> server)
      implements Command {}

  /** Server's answer to an embedding upload: pooled features of the batch. */
  public record FeaturesComputed(
      long round,
      int attempt,
      int step,
      TensorPayload features,
      ActorRef<EdgeServerActor.Command> server)
      implements Command {}

  /**
   * Server's acknowledgement that the LoRA working copy took the step's gradient.
   *
   * @param cutGradient at a deep cut, dLoss/d(uploaded layer-n activations) [b, L, d], through
   *     which the device back-propagates into its own layers' adapters; null at the embedding-only
   *     cut
   */
  public record LoraStepped(
      long round,
      int attempt,
      int step,
      TensorPayload cutGradient,
      ActorRef<EdgeServerActor.Command> server)
      implements Command {}

  // Results of the device's own model work, piped to itself: local only, and a Throwable has no
  // wire form.
  private record Embedded(long round, int attempt, int step, EmbeddedBatch batch, Throwable failure)
      implements Command, NoSerializationVerificationNeeded {}

  private record HeadTrained(long round, int attempt, int step, LocalStep result, Throwable failure)
      implements Command, NoSerializationVerificationNeeded {}

  private record AdaptersStepped(long round, int attempt, int step, Throwable failure)
      implements Command, NoSerializationVerificationNeeded {}

  private final ActorContext<Command> context;
  private final DeviceTrainer trainer;
  private final DeviceProfile profile;
  private final long seed;
  private final DjlWork djl;
  private long round = -1;
  private int attempt;
  private boolean training;
  private int steps;
  private ActorRef<EdgeServerActor.Command> server;
  private double lossSum;

  public static Behavior<Command> create(DeviceTrainer trainer, DeviceProfile profile, long seed) {
    return Behaviors.setup(context -> new DeviceActor(context, trainer, profile, seed));
  }

  private DeviceActor(
      ActorContext<Command> context, DeviceTrainer trainer, DeviceProfile profile, long seed) {
    super(context);
    this.context = context;
    this.trainer = trainer;
    this.profile = profile;
    this.seed = seed;
    this.djl = DjlWork.of(context.getSystem());
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(
            Ping.class,
            ping -> {
              ping.replyTo().tell(new Pong(profile.id()));
              return this;
            })
        .onMessage(ReportChannel.class, this::onReportChannel)
        .onMessage(Granted.class, g -> this)
        .onMessage(StartLocalTraining.class, this::onStartLocalTraining)
        .onMessage(Embedded.class, this::onEmbedded)
        .onMessage(FeaturesComputed.class, this::onFeaturesComputed)
        .onMessage(HeadTrained.class, this::onHeadTrained)
        .onMessage(LoraStepped.class, this::onLoraStepped)
        .onMessage(AdaptersStepped.class, this::onAdaptersStepped)
        .onSignal(PreRestart.class, signal -> onPreRestart())
        .onSignal(PostStop.class, signal -> onPostStop())
        .build();
  }

  private boolean current(long r, int a) {
    return training && r == round && a == attempt;
  }

  private Behavior<Command> onPreRestart() {
    if (training) {
      server.tell(
          new EdgeServerActor.LocalTrainingFailed(
              round, attempt, profile.id(), "device crashed and restarted"));
    }
    return this;
  }

  /**
   * A sharded device stopped mid-round (its shard was handed over, or its node leaves): say so at
   * once.
   */
  private Behavior<Command> onPostStop() {
    if (training) {
      server.tell(
          new EdgeServerActor.LocalTrainingFailed(
              round, attempt, profile.id(), "device stopped mid-round"));
    }
    return this;
  }

  /**
   * Is a server message of (r, a) one this incarnation has not started? Then the device was started
   * afresh (after a crash, or on another node after its node was lost) and the round's state is
   * gone; it tells the server at once instead of leaving the round to its deadline. Older messages
   * are stale and ignored.
   */
  private boolean unknownRound(long r, int a, ActorRef<EdgeServerActor.Command> from) {
    if (r > round || (r == round && a > attempt)) {
      from.tell(
          new EdgeServerActor.LocalTrainingFailed(
              r, a, profile.id(), "device restarted; its round was lost"));
      return true;
    }
    return false;
  }

  private Behavior<Command> onReportChannel(ReportChannel request) {
    request
        .replyTo()
        .tell(
            new ChannelReported(request.round(), ChannelReport.of(profile, seed, request.round())));
    return this;
  }

  private Behavior<Command> onStartLocalTraining(StartLocalTraining start) {
    if (start.round() < round || (start.round() == round && start.attempt() < attempt)) {
      return this; // a start delayed past a newer one
    }
    round = start.round();
    attempt = start.attempt();
    training = true;
    steps = start.steps();
    server = start.server();
    lossSum = 0;
    trainer.beginRound(start.head());
    embed(0);
    return this;
  }

  private void embed(int step) {
    long r = round;
    int a = attempt;
    context.pipeToSelf(
        djl.submit(() -> trainer.embed(r, step)),
        (batch, failure) -> new Embedded(r, a, step, batch, failure));
  }

  private Behavior<Command> onEmbedded(Embedded embedded) {
    if (!current(embedded.round(), embedded.attempt())) {
      return this;
    }
    if (embedded.failure() != null) {
      context
          .getLog()
          .warn("device {} round {}: embedding failed", profile.id(), round, embedded.failure());
      return failed(String.valueOf(embedded.failure()));
    }
    server.tell(
        new EdgeServerActor.UploadEmbeddings(
            round, attempt, profile.id(), embedded.step(), embedded.batch(), context.getSelf()));
    return this;
  }

  private Behavior<Command> onFeaturesComputed(FeaturesComputed features) {
    if (unknownRound(features.round(), features.attempt(), features.server())
        || !current(features.round(), features.attempt())) {
      return this;
    }
    long r = round;
    int a = attempt;
    int step = features.step();
    context.pipeToSelf(
        djl.submit(() -> trainer.trainHead(features.features())),
        (result, failure) -> new HeadTrained(r, a, step, result, failure));
    return this;
  }

  private Behavior<Command> onHeadTrained(HeadTrained trained) {
    if (!current(trained.round(), trained.attempt())) {
      return this;
    }
    if (trained.failure() != null) {
      context
          .getLog()
          .warn("device {} round {}: head step failed", profile.id(), round, trained.failure());
      return failed(String.valueOf(trained.failure()));
    }
    lossSum += trained.result().loss();
    server.tell(
        new EdgeServerActor.UploadFeatureGradient(
            round,
            attempt,
            profile.id(),
            trained.step(),
            trained.result().featureGradient(),
            context.getSelf()));
    return this;
  }

  private Behavior<Command> onLoraStepped(LoraStepped stepped) {
    if (unknownRound(stepped.round(), stepped.attempt(), stepped.server())
        || !current(stepped.round(), stepped.attempt())) {
      return this;
    }
    if (stepped.cutGradient() == null) {
      return stepDone(stepped.step());
    }
    long r = round;
    int a = attempt;
    int step = stepped.step();
    context.pipeToSelf(
        djl.submit(
            () -> {
              trainer.cutGradientReceived(stepped.cutGradient());
              return step;
            }),
        (s, failure) -> new AdaptersStepped(r, a, step, failure));
    return this;
  }

  private Behavior<Command> onAdaptersStepped(AdaptersStepped stepped) {
    if (!current(stepped.round(), stepped.attempt())) {
      return this;
    }
    if (stepped.failure() != null) {
      context
          .getLog()
          .warn(
              "device {} round {}: device layers' backward failed",
              profile.id(),
              round,
              stepped.failure());
      return failed(String.valueOf(stepped.failure()));
    }
    return stepDone(stepped.step());
  }

  /** The step's every update is in: the next step, or the round's end. */
  private Behavior<Command> stepDone(int step) {
    if (step + 1 < steps) {
      embed(step + 1);
    } else {
      training = false;
      server.tell(
          new EdgeServerActor.LocalTrainingDone(
              round, attempt, profile.id(), trainer.examples(), trainer.head(), lossSum / steps));
    }
    return this;
  }

  private Behavior<Command> failed(String reason) {
    training = false;
    server.tell(new EdgeServerActor.LocalTrainingFailed(round, attempt, profile.id(), reason));
    return this;
  }
}
