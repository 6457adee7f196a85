package org.edgetune.train;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.edgetune.model.EmbeddedBatch;
import org.edgetune.model.EncoderPass;
import org.edgetune.model.ParameterState;
import org.edgetune.model.ServerSide;
import org.edgetune.model.TensorPayload;
import org.edgetune.util.KeyedRandom;
import org.edgetune.util.KeyedSampling;
import org.edgetune.util.StreamPurpose;

/**
 * The encoder work of one round for the devices given to one worker: each device's LoRA working
 * copy (from the round's global adapters) and the one encoder pass that may be open, waiting for
 * its feature gradient. The frozen encoder ({@link ServerSide}) is shared read-only by every worker
 * of the JVM; everything a worker changes is its own, and it is used from one thread at a time (its
 * own lane), so it needs no locks. A device's result depends only on its own inputs and keyed
 * dropout, not on which worker computes it.
 */
public final class EncoderWorker {

  private final ServerSide side;
  private final double localLearningRate;
  private final long seed;
  private final Trainable trainable;
  private final Map<Integer, ParameterState> workingCopies = new HashMap<>();
  private EncoderPass open;
  private int openDevice;

  public EncoderWorker(ServerSide side, double localLearningRate, long seed, Trainable trainable) {
    this.side = side;
    this.localLearningRate = localLearningRate;
    this.seed = seed;
    this.trainable = trainable;
  }

  /**
   * A new round (or attempt): the given devices start from the global adapters; anything open is
   * freed.
   */
  public void begin(Collection<Integer> devices, ParameterState globalLora) {
    abandonAll();
    workingCopies.clear();
    devices.forEach(d -> workingCopies.put(d, globalLora));
  }

  /** Encoder forward with the device's working copy; the pass stays open for the gradient. */
  public TensorPayload forward(int device, long round, int step, EmbeddedBatch batch) {
    if (open != null) {
      throw new IllegalStateException(
          "device "
              + device
              + " asked for a forward pass while device "
              + openDevice
              + " still has one open");
    }
    ParameterState copy = workingCopy(device);
    long dropoutKey =
        KeyedRandom.key(
            seed, StreamPurpose.LORA_DROPOUT, device, KeyedSampling.roundStep(round, step));
    open = side.forward(batch, copy, dropoutKey);
    openDevice = device;
    return open.features();
  }

  /**
   * Back-propagates the device's feature gradient and takes one SGD step on its working copy.
   *
   * @return at a deep cut, the gradient with respect to the uploaded activations, for the device's
   *     own layers; empty at the embedding-only cut and when LoRA is not trained
   */
  public Optional<TensorPayload> backward(int device, TensorPayload featureGradient) {
    if (open == null || openDevice != device) {
      throw new IllegalStateException("no open encoder pass for device " + device);
    }
    try (EncoderPass pass = open) {
      open = null;
      if (!trainable.lora()) {
        return Optional.empty();
      }
      ParameterState gradient = pass.backward(featureGradient);
      workingCopies.put(
          device, ParameterMath.sgd(workingCopy(device), gradient, localLearningRate));
      return side.cut().deep() ? Optional.of(pass.inputGradient()) : Optional.empty();
    }
  }

  /** Frees the device's pass if it is the open one (its gradient will not come). */
  public void abandon(int device) {
    if (open != null && openDevice == device) {
      abandonAll();
    }
  }

  /** Frees the open pass, if any. */
  public void abandonAll() {
    if (open != null) {
      open.close();
      open = null;
    }
  }

  /** The working copies of the given devices (for aggregation), in device-id order. */
  public Map<Integer, ParameterState> workingCopies(List<Integer> devices) {
    Map<Integer, ParameterState> copies = new TreeMap<>();
    devices.forEach(d -> copies.put(d, workingCopy(d)));
    return copies;
  }

  boolean holds(int device) {
    return workingCopies.containsKey(device);
  }

  void setWorkingCopy(int device, ParameterState value) {
    workingCopy(device);
    workingCopies.put(device, value);
  }

  boolean passOpen() {
    return open != null;
  }

  ParameterState workingCopy(int device) {
    ParameterState copy = workingCopies.get(device);
    if (copy == null) {
      throw new IllegalStateException("device " + device + " is not scheduled this round");
    }
    return copy;
  }
}
