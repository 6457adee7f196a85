package org.edgetune.actors;

import java.util.List;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;
import org.edgetune.model.EmbeddedBatch;
import org.edgetune.model.ParameterState;
import org.edgetune.model.TensorPayload;
import org.edgetune.train.EncoderWorker;

/**
 * An encoder worker on a node of the {@code encoder} role: the same {@link EncoderWorker} the edge
 * server runs in its own JVM, built on this node's copy of the frozen encoder, driven by the server
 * through a {@link RemoteEncoderLane}. It registers with the Receptionist under {@link #ENCODERS}.
 * Calls run on this node's DJL dispatcher (one thread) in the order they arrive, so the worker's
 * state is touched by one thread at a time. Every call answers: with its result, or with why it
 * failed. A call that does not match the server's run (another scenario) is refused.
 */
public final class EncoderNodeActor {

  public static final ServiceKey<Command> ENCODERS =
      ServiceKey.create(Command.class, "edgetune-encoder");

  /**
   * Where the actor lives on an encoder node: the destination of the forward passes' large frames.
   */
  public static final String NAME = "encoder";

  public sealed interface Command extends CborSerializable {}

  /**
   * @param run what the server's run is ({@link #runKey}): a node given another scenario refuses
   */
  public record Begin(
      String run, List<Integer> devices, ParameterState globalLora, ActorRef<Reply> replyTo)
      implements Command {}

  /**
   * @param crash when not null the worker dies mid-pass; {@code halt} then stops the whole node
   *     (kill -9)
   */
  public record Forward(
      int device,
      long round,
      int step,
      EmbeddedBatch batch,
      String crash,
      boolean halt,
      ActorRef<Reply> replyTo)
      implements Command {}

  public record Backward(int device, int step, TensorPayload gradient, ActorRef<Reply> replyTo)
      implements Command {}

  public record Abandon(int device) implements Command {}

  /** One device's working copy (one at a time keeps each reply within an ordinary frame). */
  public record Collect(int device, ActorRef<Reply> replyTo) implements Command {}

  public sealed interface Reply extends CborSerializable {}

  public record Done(int value) implements Reply {}

  public record Features(TensorPayload features) implements Reply {}

  /**
   * The answer to {@link Backward}: the working copy took its step.
   *
   * @param gradient at a deep cut, dLoss/d(uploaded activations) [b, L, d] for the device's own
   *     layers; null at the embedding-only cut (and when LoRA is not trained)
   */
  public record InputGradient(int step, TensorPayload gradient) implements Reply {}

  public record WorkingCopy(ParameterState lora) implements Reply {}

  /**
   * @param crashed the worker itself died (its state is gone), rather than the call being refused
   */
  public record Failed(String reason, boolean crashed) implements Reply {}

  private EncoderNodeActor() {}

  /**
   * What must agree between the server and an encoder node for their passes to be interchangeable.
   */
  public static String runKey(
      String model,
      Object lora,
      int deviceLayers,
      long seed,
      double localLearningRate,
      Object trainable) {
    return "model="
        + model
        + " lora="
        + lora
        + " device-layers="
        + deviceLayers
        + " seed="
        + seed
        + " local-learning-rate="
        + localLearningRate
        + " trainable="
        + trainable;
  }

  /**
   * @param runKey this node's {@link #runKey}
   * @param halt what a halting crash does to the node (the CLI halts the JVM)
   */
  public static Behavior<Command> create(EncoderWorker worker, String runKey, Runnable halt) {
    return Behaviors.setup(
        context -> {
          context
              .getSystem()
              .receptionist()
              .tell(Receptionist.register(ENCODERS, context.getSelf()));
          DjlWork djl = DjlWork.of(context.getSystem());
          return Behaviors.receive(Command.class)
              .onMessage(
                  Begin.class,
                  m -> {
                    if (!m.run().equals(runKey)) {
                      m.replyTo()
                          .tell(
                              new Failed(
                                  "this encoder node runs " + runKey + ", the server " + m.run(),
                                  false));
                      return Behaviors.same();
                    }
                    answer(
                        djl,
                        m.replyTo(),
                        () -> {
                          worker.begin(m.devices(), m.globalLora());
                          return new Done(m.devices().size());
                        });
                    return Behaviors.same();
                  })
              .onMessage(
                  Forward.class,
                  m -> {
                    if (m.crash() != null) {
                      context.getLog().warn("{}", m.crash());
                      if (m.halt()) {
                        // Gone without a word, as after kill -9: the server finds out by the
                        // silence.
                        halt.run();
                        return Behaviors.stopped();
                      }
                      answer(
                          djl,
                          m.replyTo(),
                          () -> {
                            worker.abandonAll();
                            return new Failed(m.crash(), true);
                          });
                      return Behaviors.same();
                    }
                    answer(
                        djl,
                        m.replyTo(),
                        () ->
                            new Features(
                                worker.forward(m.device(), m.round(), m.step(), m.batch())));
                    return Behaviors.same();
                  })
              .onMessage(
                  Backward.class,
                  m -> {
                    answer(
                        djl,
                        m.replyTo(),
                        () ->
                            new InputGradient(
                                m.step(), worker.backward(m.device(), m.gradient()).orElse(null)));
                    return Behaviors.same();
                  })
              .onMessage(
                  Abandon.class,
                  m -> {
                    djl.submit(
                        () -> {
                          worker.abandon(m.device());
                          return m.device();
                        });
                    return Behaviors.same();
                  })
              .onMessage(
                  Collect.class,
                  m -> {
                    answer(
                        djl,
                        m.replyTo(),
                        () -> {
                          worker.abandonAll();
                          return new WorkingCopy(
                              worker.workingCopies(List.of(m.device())).get(m.device()));
                        });
                    return Behaviors.same();
                  })
              .build();
        });
  }

  private static void answer(DjlWork djl, ActorRef<Reply> replyTo, Supplier<Reply> call) {
    djl.submit(call)
        .whenComplete(
            (reply, failure) ->
                replyTo.tell(failure == null ? reply : new Failed(String.valueOf(failure), false)));
  }
}
