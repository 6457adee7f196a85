package org.edgetune.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.edgetune.model.AdamW;
import org.edgetune.model.EmbeddedBatch;
import org.edgetune.model.FloatTensor;
import org.edgetune.model.ParameterState;
import org.edgetune.model.ServerSide;
import org.edgetune.model.TensorPayload;
import org.edgetune.util.KeyedRandom;
import org.edgetune.util.StreamPurpose;

/**
 * The edge server's half of split federated training: the global LoRA adapters and task head with
 * their server optimizer, each scheduled device's LoRA working copy for the round, the open encoder
 * passes waiting for feature gradients, and aggregation.
 *
 * <p>At a deep cut ({@code device-layers} ≥ 1) the "head" is the device state: the classifier and
 * the adapters of the device's encoder layers, averaged and stepped together; "LoRA" holds the
 * server's layers' adapters only.
 *
 * <p>Devices run τ local SGD steps from the round's global state; aggregation takes the FedAvg of
 * the working copies (and of the devices' heads), turns the change into a pseudo-gradient and lets
 * AdamW apply it (FedAdam).
 *
 * <p>The per-device work of a round (working copies, the open pass) lives in an {@link
 * EncoderWorker}: the trainer's own one, used by {@link #forward} and {@link #backward}, or further
 * workers from {@link #newWorker}, each driven from its own thread, whose working copies come back
 * to {@link #aggregate(List, Map)}. At most one encoder pass is open per worker, so the activations
 * held for backward stay bounded however many devices are scheduled. Callers finish one device's
 * step (forward, head, backward) on a worker before starting the next; the server actor queues
 * uploads to guarantee it.
 */
public final class ServerTrainer {

  /**
   * The global state that outlives a round (for checkpoints): LoRA and head, each with its AdamW
   * moments and step count. Working copies and open passes live within a round and are not in it.
   */
  public record State(TrainableState lora, TrainableState head) {}

  /** A device's upload at the end of its local steps. */
  public record DeviceUpdate(int device, int examples, ParameterState head) {}

  private final ServerSide side;
  private final AdamW serverOptimizer;
  private final double localLearningRate;
  private final int localSteps;
  private final long seed;
  private final Trainable trainable;
  private TrainableState lora;
  private TrainableState head;
  private final EncoderWorker local;
  private BatchedRound batched;

  /**
   * @param trainable under {@link Trainable#HEAD} LoRA keeps its initial value: passes still run
   *     (the pipeline and its traffic are unchanged) but feature gradients are not applied
   */
  public ServerTrainer(
      ServerSide side,
      ParameterState initialLora,
      ParameterState initialHead,
      AdamW serverOptimizer,
      double localLearningRate,
      int localSteps,
      long seed,
      Trainable trainable) {
    this.side = side;
    this.serverOptimizer = serverOptimizer;
    this.localLearningRate = localLearningRate;
    this.localSteps = localSteps;
    this.seed = seed;
    this.trainable = trainable;
    this.lora = TrainableState.fresh(initialLora);
    this.head = TrainableState.fresh(initialHead);
    this.local = newWorker();
  }

  /** A worker for a share of a round's devices, on the same frozen encoder (shared, read-only). */
  public EncoderWorker newWorker() {
    return new EncoderWorker(side, localLearningRate, seed, trainable);
  }

  public ParameterState globalLora() {
    return lora.values();
  }

  public ParameterState globalHead() {
    return head.values();
  }

  /** The global state between rounds; its values are immutable, so no copy is needed. */
  public State snapshot() {
    return new State(lora, head);
  }

  /** Continues from a snapshot of a trainer on the same model (same parameter names and shapes). */
  public void restore(State state) {
    requireSameLayout("LoRA", lora, state.lora());
    requireSameLayout("head", head, state.head());
    abandonAll();
    local.begin(List.of(), lora.values());
    lora = state.lora();
    head = state.head();
  }

  private static void requireSameLayout(
      String what, TrainableState current, TrainableState restored) {
    Map<String, FloatTensor> now = current.values().tensors();
    Map<String, FloatTensor> then = restored.values().tensors();
    boolean same =
        now.keySet().equals(then.keySet())
            && now.keySet().stream()
                .allMatch(n -> Arrays.equals(now.get(n).shape(), then.get(n).shape()));
    if (!same) {
      throw new IllegalArgumentException(
          "the checkpoint's " + what + " parameters do not match the model's");
    }
  }

  /** Every scheduled device starts the round from the global adapters. */
  public void beginRound(List<Integer> devices) {
    abandonAll();
    local.begin(devices, lora.values());
  }

  /** Encoder forward with the device's working copy; the pass stays open for the gradient. */
  public TensorPayload forward(int device, long round, int step, EmbeddedBatch batch) {
    return local.forward(device, round, step, batch);
  }

  /**
   * τ = 1 only: one encoder pass over all the round's uploads (device order) instead of one per
   * device; returns each device's features. The LoRA update then happens in {@link #aggregate}.
   * Equals the per-device path when adapter dropout is off (the masks are drawn per pass).
   */
  public Map<Integer, TensorPayload> forwardBatch(
      long round, SortedMap<Integer, EmbeddedBatch> uploads) {
    if (localSteps != 1) {
      throw new IllegalStateException(
          "a batched encoder pass needs local-steps = 1, not " + localSteps);
    }
    if (side.cut().deep()) {
      throw new IllegalStateException(
          "a batched encoder pass returns no cut gradients: it needs device-layers = 0");
    }
    if (local.passOpen() || batched != null) {
      throw new IllegalStateException("a batched pass cannot start while another pass is open");
    }
    uploads.keySet().forEach(local::workingCopy);
    long dropoutKey =
        KeyedRandom.key(seed, StreamPurpose.LORA_DROPOUT_BATCH, KeyedRandom.ANY, round);
    batched =
        BatchedRound.open(
            uploads, side.forward(BatchedRound.concatenate(uploads), lora.values(), dropoutKey));
    return batched.features();
  }

  /** τ = 1 batched path: keeps the device's feature gradient for the aggregated backward. */
  public void gradientReceived(int device, TensorPayload featureGradient) {
    if (batched == null || !batched.covers(device)) {
      throw new IllegalStateException("no batched pass holds device " + device);
    }
    batched.gradientReceived(device, featureGradient);
  }

  /**
   * Back-propagates the device's feature gradient and takes one SGD step on its working copy;
   * returns the cut gradient for the device at a deep cut ({@link EncoderWorker#backward}).
   */
  public Optional<TensorPayload> backward(int device, TensorPayload featureGradient) {
    return local.backward(device, featureGradient);
  }

  /** {@link #aggregate(List, Map)} with every working copy on the trainer's own worker. */
  public void aggregate(List<DeviceUpdate> updates) {
    aggregate(updates, Map.of());
  }

  /**
   * FedAvg over the devices that finished (in device-id order, whatever the arrival order), then
   * one server AdamW step on LoRA and head. With no update the global state stays as it was.
   *
   * @param workerCopies the final working copies of devices that ran on other workers; the others
   *     are on the trainer's own worker
   */
  public void aggregate(List<DeviceUpdate> updates, Map<Integer, ParameterState> workerCopies) {
    if (batched != null && trainable.lora()) {
      applyBatchedGradient(updates);
    }
    abandonAll();
    if (updates.isEmpty()) {
      return;
    }
    SortedMap<Integer, DeviceUpdate> byDevice = new TreeMap<>();
    updates.forEach(u -> byDevice.put(u.device(), u));
    List<ParameterState> loras = new ArrayList<>();
    List<ParameterState> heads = new ArrayList<>();
    double[] weights = new double[byDevice.size()];
    int i = 0;
    for (DeviceUpdate u : byDevice.values()) {
      ParameterState elsewhere = workerCopies.get(u.device());
      loras.add(elsewhere != null ? elsewhere : local.workingCopy(u.device()));
      heads.add(u.head());
      weights[i++] = u.examples();
    }
    ParameterState averagedLora = ParameterState.weightedAverage(loras, weights);
    ParameterState averagedHead = ParameterState.weightedAverage(heads, weights);
    if (trainable.lora()) {
      lora =
          lora.step(
              serverOptimizer,
              ParameterMath.pseudoGradient(
                  lora.values(), averagedLora, localLearningRate, localSteps));
    }
    head =
        head.step(
            serverOptimizer,
            ParameterMath.pseudoGradient(
                head.values(), averagedHead, localLearningRate, localSteps));
    local.begin(List.of(), lora.values());
  }

  /**
   * Sets the working copy of every device of the batched pass that finished to the FedAvg of the
   * one-step copies, θ − lr · Σ (w_k/W) g_k, computed with one backward; the averaging below then
   * returns exactly that value.
   */
  private void applyBatchedGradient(List<DeviceUpdate> updates) {
    SortedMap<Integer, Double> weights = new TreeMap<>();
    updates.stream()
        .filter(u -> batched.hasGradient(u.device()))
        .forEach(u -> weights.put(u.device(), (double) u.examples()));
    if (weights.isEmpty()) {
      return;
    }
    ParameterState averaged =
        ParameterMath.sgd(lora.values(), batched.weightedGradient(weights), localLearningRate);
    weights.keySet().forEach(device -> local.setWorkingCopy(device, averaged));
  }

  /** Whether a pass waits for its feature gradient. */
  public boolean passOpen() {
    return local.passOpen();
  }

  /** Frees the pass of a device whose gradient will not come (it failed or missed the deadline). */
  public void abandon(int device) {
    local.abandon(device);
  }

  /**
   * Frees the activations of passes whose gradient will not come (a device missed the deadline).
   */
  public void abandonAll() {
    local.abandonAll();
    if (batched != null) {
      batched.close();
      batched = null;
    }
  }
}
