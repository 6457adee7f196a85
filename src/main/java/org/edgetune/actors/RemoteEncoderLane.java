package org.edgetune.actors;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Scheduler;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.edgetune.model.EmbeddedBatch;
import org.edgetune.model.ParameterState;
import org.edgetune.model.TensorPayload;

/**
 * An encoder worker on an encoder node ({@link EncoderNodeActor}), reached by ask over Artery. A
 * call that the node answers with a failure fails like a local call. A worker that dies mid-pass
 * (the worker-crash fault on a node), a call not answered within {@code timeout}, and every call in
 * flight when the cluster's failure detector finds the node unreachable or it leaves ({@link
 * EncoderNodeWatch}), fail with {@link WorkerCrashes.Crashed}, so the round runs again on the other
 * lanes. An unreachable node gets no devices until it is reachable again; a node that left, none
 * for the rest of the run. The lane object lives as long as the run: the node resets its worker at
 * every begin, so a crashed worker needs no new lane.
 */
final class RemoteEncoderLane implements EncoderLane {

  private final int index;
  private final ActorRef<EncoderNodeActor.Command> node;
  private final String runKey;
  private final Duration timeout;
  private final Scheduler scheduler;
  private final Set<CompletableFuture<?>> inFlight = ConcurrentHashMap.newKeySet();
  private volatile boolean unreachable;
  private volatile boolean gone;

  /**
   * @param runKey the server's {@link EncoderNodeActor#runKey}, checked by the node at every begin
   */
  RemoteEncoderLane(
      int index,
      ActorRef<EncoderNodeActor.Command> node,
      String runKey,
      Duration timeout,
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
    return !unreachable && !gone;
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
    return ask(
        replyTo -> new EncoderNodeActor.Begin(runKey, devices, globalLora, replyTo),
        reply -> ((EncoderNodeActor.Done) reply).value());
  }

  @Override
  public CompletionStage<TensorPayload> forward(
      int device, long round, int step, EmbeddedBatch batch, WorkerCrashes.Strike crash) {
    String reason = crash == null ? null : crash.reason();
    boolean halt = crash != null && crash.haltNode();
    return ask(
        replyTo -> new EncoderNodeActor.Forward(device, round, step, batch, reason, halt, replyTo),
        reply -> ((EncoderNodeActor.Features) reply).features());
  }

  @Override
  public CompletionStage<Optional<TensorPayload>> backward(
      int device, int step, TensorPayload featureGradient) {
    return ask(
        replyTo -> new EncoderNodeActor.Backward(device, step, featureGradient, replyTo),
        reply -> Optional.ofNullable(((EncoderNodeActor.InputGradient) reply).gradient()));
  }

  @Override
  public void abandon(int device) {
    node.tell(new EncoderNodeActor.Abandon(device));
  }

  @Override
  public CompletionStage<Map<Integer, ParameterState>> collect(List<Integer> devices) {
    List<CompletableFuture<ParameterState>> copies = new ArrayList<>();
    for (int device : devices) {
      copies.add(
          ask(
              replyTo -> new EncoderNodeActor.Collect(device, replyTo),
              reply -> ((EncoderNodeActor.WorkingCopy) reply).lora()));
    }
    return CompletableFuture.allOf(copies.toArray(CompletableFuture[]::new))
        .thenApply(
            done -> {
              Map<Integer, ParameterState> byDevice = new TreeMap<>();
              for (int i = 0; i < devices.size(); i++) {
                byDevice.put(devices.get(i), copies.get(i).join());
              }
              return byDevice;
            });
  }

  @Override
  public EncoderLane replacement() {
    return this;
  }

  /**
   * The failure detector lost sight of the node (or it left for good): calls in flight fail now.
   */
  void unreachable(boolean forGood) {
    unreachable = true;
    gone |= forGood;
    String why =
        "encoder node "
            + node.path().address()
            + (forGood ? " left the cluster" : " is unreachable");
    inFlight.forEach(call -> call.completeExceptionally(new WorkerCrashes.Crashed(index, why)));
  }

  /**
   * The node answers heartbeats again: it may take devices from the next round on (unless it left).
   */
  void reachable() {
    unreachable = false;
  }

  private <T> CompletableFuture<T> ask(
      Function<ActorRef<EncoderNodeActor.Reply>, EncoderNodeActor.Command> message,
      Function<EncoderNodeActor.Reply, T> result) {
    CompletableFuture<T> call = new CompletableFuture<>();
    if (!available()) {
      call.completeExceptionally(
          new WorkerCrashes.Crashed(
              index,
              "encoder node "
                  + node.path().address()
                  + (gone ? " left the cluster" : " is unreachable")));
      return call;
    }
    inFlight.add(call);
    call.whenComplete((r, f) -> inFlight.remove(call));
    AskPattern.<EncoderNodeActor.Command, EncoderNodeActor.Reply>ask(
            node, message::apply, timeout, scheduler)
        .handle(
            (reply, failure) -> {
              if (failure != null) {
                Throwable cause =
                    failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause()
                        : failure;
                if (cause instanceof TimeoutException) {
                  throw new WorkerCrashes.Crashed(
                      index,
                      "encoder node "
                          + node.path().address()
                          + " did not answer within "
                          + timeout.toMillis()
                          + " ms");
                }
                throw new CompletionException(cause);
              }
              if (reply instanceof EncoderNodeActor.Failed failed) {
                if (failed.crashed()) {
                  throw new WorkerCrashes.Crashed(index, failed.reason());
                }
                throw new IllegalStateException(
                    "encoder node " + node.path().address() + ": " + failed.reason());
              }
              return result.apply(reply);
            })
        .whenComplete(
            (value, failure) -> {
              if (failure != null) {
                call.completeExceptionally(
                    failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause()
                        : failure);
              } else {
                call.complete(value);
              }
            });
    return call;
  }
}
