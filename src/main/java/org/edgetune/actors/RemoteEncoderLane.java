package org.edgetune.actors;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Scheduler;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.edgetune.model.EmbeddedBatch;
import org.edgetune.model.ParameterState;
import org.edgetune.model.TensorPayload;

/**
 * An encoder worker on an encoder node ({@link EncoderNodeActor}), reached by ask over Artery.
 * A call that the node answers with a failure fails like a local call; a node that dies mid-pass
 * (the worker-crash fault on a node) or does not answer within {@code timeout} (its JVM is gone, or
 * the network is) fails the call with {@link WorkerCrashes.Crashed}, so the round runs again on the
 * other lanes. A node that did not answer is not given devices again.
 */
final class RemoteEncoderLane implements EncoderLane {

  private final int index;
  private final ActorRef<EncoderNodeActor.Command> node;
  private final String runKey;
  private final Duration timeout;
  private final Scheduler scheduler;
  private volatile boolean lost;

  /** @param runKey the server's {@link EncoderNodeActor#runKey}, checked by the node at every begin */
  RemoteEncoderLane(int index, ActorRef<EncoderNodeActor.Command> node, String runKey, Duration timeout,
      Scheduler scheduler) {
    this.index = index;
    this.node = node;
    this.runKey = runKey;
    this.timeout = timeout;
    this.scheduler = scheduler;
  }

  @Override
  public int index() {
    return index;
  }

  @Override
  public boolean available() {
    return !lost;
  }

  @Override
  public boolean remote() {
    return true;
  }

  /** The node's actor, for logs and for matching the Receptionist's listing. */
  ActorRef<EncoderNodeActor.Command> node() {
    return node;
  }

  @Override
  public CompletionStage<Integer> begin(List<Integer> devices, ParameterState globalLora) {
    return ask(replyTo -> new EncoderNodeActor.Begin(runKey, devices, globalLora, replyTo),
        reply -> ((EncoderNodeActor.Done) reply).value());
  }

  @Override
  public CompletionStage<TensorPayload> forward(
      int device, long round, int step, EmbeddedBatch batch, WorkerCrashes.Strike crash) {
    String reason = crash == null ? null : crash.reason();
    boolean halt = crash != null && crash.haltNode();
    return ask(replyTo -> new EncoderNodeActor.Forward(device, round, step, batch, reason, halt, replyTo),
        reply -> ((EncoderNodeActor.Features) reply).features());
  }

  @Override
  public CompletionStage<Integer> backward(int device, int step, TensorPayload featureGradient) {
    return ask(replyTo -> new EncoderNodeActor.Backward(device, step, featureGradient, replyTo),
        reply -> ((EncoderNodeActor.Done) reply).value());
  }

  @Override
  public void abandon(int device) {
    node.tell(new EncoderNodeActor.Abandon(device));
  }

  @Override
  public CompletionStage<Map<Integer, ParameterState>> collect(List<Integer> devices) {
    List<CompletableFuture<ParameterState>> copies = new ArrayList<>();
    for (int device : devices) {
      copies.add(ask(replyTo -> new EncoderNodeActor.Collect(device, replyTo),
          reply -> ((EncoderNodeActor.WorkingCopy) reply).lora()).toCompletableFuture());
    }
    return CompletableFuture.allOf(copies.toArray(CompletableFuture[]::new)).thenApply(done -> {
      Map<Integer, ParameterState> byDevice = new TreeMap<>();
      for (int i = 0; i < devices.size(); i++) {
        byDevice.put(devices.get(i), copies.get(i).join());
      }
      return byDevice;
    });
  }

  @Override
  public EncoderLane replacement() {
    // The node resets its worker at the next begin; a node that stopped answering stays out.
    RemoteEncoderLane fresh = new RemoteEncoderLane(index, node, runKey, timeout, scheduler);
    fresh.lost = lost;
    return fresh;
  }

  private <T> CompletionStage<T> ask(
      Function<ActorRef<EncoderNodeActor.Reply>, EncoderNodeActor.Command> message,
      Function<EncoderNodeActor.Reply, T> result) {
    return AskPattern.<EncoderNodeActor.Command, EncoderNodeActor.Reply>ask(node, message::apply, timeout, scheduler)
        .handle((reply, failure) -> {
          if (failure != null) {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
            if (cause instanceof TimeoutException) {
              lost = true;
              throw new WorkerCrashes.Crashed(index, "encoder node " + node.path().address()
                  + " did not answer within " + timeout.toMillis() + " ms; its devices run on the other lanes");
            }
            throw new CompletionException(cause);
          }
          if (reply instanceof EncoderNodeActor.Failed failed) {
            if (failed.crashed()) {
              throw new WorkerCrashes.Crashed(index, failed.reason());
            }
            throw new IllegalStateException("encoder node " + node.path().address() + ": " + failed.reason());
          }
          return result.apply(reply);
        });
  }
}
