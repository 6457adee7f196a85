package org.edgetune.actors;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.edgetune.model.EmbeddedBatch;
import org.edgetune.model.ParameterState;
import org.edgetune.model.TensorPayload;

/**
 * Where one encoder worker's calls run, one after another: a thread of the edge server's JVM
 * ({@link LocalEncoderLane}) or, behind the same calls, another process. The edge server deals a
 * round's devices to its lanes and talks to every lane the same way; each call completes with its
 * result or fails, and a failure caused by the worker itself dying carries a {@link
 * WorkerCrashes.Crashed}, after which the lane is replaced and the round runs again.
 */
public interface EncoderLane {

  /** The lane's index among the server's lanes (a crash names it). */
  int index();

  /**
   * A new round (or attempt): the given devices start from the global adapters; anything open is
   * freed.
   */
  CompletionStage<Integer> begin(List<Integer> devices, ParameterState globalLora);

  /**
   * The encoder forward pass of a device's step with its working copy; the pass stays open for the
   * feature gradient. {@code crash}, when not null, makes the worker die mid-pass (the {@code
   * worker-crash} and {@code encoder-node-loss} faults).
   */
  CompletionStage<TensorPayload> forward(
      int device, long round, int step, EmbeddedBatch batch, WorkerCrashes.Strike crash);

  /**
   * Back-propagates the device's feature gradient and steps its working copy; completes with the
   * gradient with respect to the uploaded activations at a deep cut (for the device's own layers),
   * empty at the embedding-only cut.
   */
  CompletionStage<Optional<TensorPayload>> backward(
      int device, int step, TensorPayload featureGradient);

  /** Frees the device's pass if it is the open one (its gradient will not come). */
  void abandon(int device);

  /** Frees any open pass; completes with the given devices' working copies (device-id order). */
  CompletionStage<Map<Integer, ParameterState>> collect(List<Integer> devices);

  /** A fresh lane at the same index in place of this one, whose worker state is gone. */
  EncoderLane replacement();

  /** Whether the lane can take devices (a lane whose node was lost cannot). */
  default boolean available() {
    return true;
  }

  /** Whether the worker runs outside the server's JVM (on an encoder node). */
  default boolean remote() {
    return false;
  }
}
