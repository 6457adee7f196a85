package org.edgetune.train;

import java.util.SplittableRandom;
import org.edgetune.model.DevicePass;
import org.edgetune.model.DeviceSide;
import org.edgetune.model.EmbeddedBatch;
import org.edgetune.model.HeadStep;
import org.edgetune.model.LabeledTokens;
import org.edgetune.model.ParameterState;
import org.edgetune.model.TaskModule;
import org.edgetune.model.TensorPayload;
import org.edgetune.privacy.DeviceDefences;
import org.edgetune.privacy.PrivacySettings;
import org.edgetune.util.KeyedRandom;
import org.edgetune.util.KeyedSampling;
import org.edgetune.util.StreamPurpose;

/**
 * A device's half of split training: its private shard (token ids and labels never leave this
 * object), the mini-batch sampler, and its working copy of the device state for the round: the task
 * head and, at a deep cut ({@code device-layers} ≥ 1), the adapters of its encoder layers, whose
 * forward pass stays open until the server's cut gradient comes back. Owned by one device actor;
 * not thread-safe.
 */
public final class DeviceTrainer {

  /** What one local step sends back up: the loss and dLoss/dfeatures. */
  public record LocalStep(float loss, TensorPayload featureGradient) {}

  private final int device;
  private final LabeledTokens shard;
  private final DeviceSide side;
  private final long seed;
  private final int batchSize;
  private final double localLearningRate;
  private final DeviceDefences defences;
  private ParameterState head;
  private int[] pendingLabels;
  private long pendingRound;
  private int pendingStep;

  /**
   * The device layers' pass of the step in progress at a deep cut, waiting for its cut gradient.
   */
  private DevicePass open;

  /** A device without privacy defences. */
  public DeviceTrainer(
      int device,
      LabeledTokens shard,
      DeviceSide side,
      long seed,
      int batchSize,
      double localLearningRate) {
    this(device, shard, side, seed, batchSize, localLearningRate, PrivacySettings.NONE);
  }

  public DeviceTrainer(
      int device,
      LabeledTokens shard,
      DeviceSide side,
      long seed,
      int batchSize,
      double localLearningRate,
      PrivacySettings privacy) {
    this.device = device;
    this.defences = new DeviceDefences(privacy, seed);
    this.shard = shard;
    this.side = side;
    this.seed = seed;
    this.batchSize = Math.min(batchSize, shard.size());
    this.localLearningRate = localLearningRate;
  }

  public int device() {
    return device;
  }

  /** Shard size: the device's weight in FedAvg. */
  public int examples() {
    return shard.size();
  }

  /** Starts a round from the broadcast device state (head, and the device layers' adapters). */
  public void beginRound(ParameterState globalHead) {
    this.head = globalHead;
    this.pendingLabels = null;
  }

  public ParameterState head() {
    return head;
  }

  /**
   * Samples the mini-batch of (round, step) from the stream keyed by both, so a retried or resumed
   * round draws the same examples, and embeds it: the uplink payload, with the uplink noise of
   * (device, round, step) when that defence is on.
   */
  public EmbeddedBatch embed(long round, int step) {
    int[] rows = batchRows(seed, device, round, step, shard.size(), batchSize);
    LabeledTokens batch = shard.rows(rows);
    pendingLabels = batch.labels();
    pendingRound = round;
    pendingStep = step;
    return defences.uplink(uplink(batch, round, step), device, round, step);
  }

  /**
   * The embeddings, or at a deep cut the device layers' output, whose pass stays open for {@link
   * #cutGradientReceived}; a pass left open by a step that never finished is freed first.
   */
  private EmbeddedBatch uplink(LabeledTokens batch, long round, int step) {
    if (!side.cut().deep()) {
      return side.embed(batch.tokens());
    }
    closePass();
    long dropoutKey =
        KeyedRandom.key(
            seed, StreamPurpose.LORA_DROPOUT_DEVICE, device, KeyedSampling.roundStep(round, step));
    open = side.forward(batch.tokens(), head, dropoutKey);
    return open.uplink();
  }

  /**
   * Deep cut: back-propagates the server's gradient with respect to the uploaded activations
   * through the device's layers and takes one SGD step on their adapters.
   */
  public void cutGradientReceived(TensorPayload cutGradient) {
    if (open == null) {
      throw new IllegalStateException(
          "device " + device + " got a cut gradient without an open device pass");
    }
    try (DevicePass pass = open) {
      open = null;
      ParameterState gradient = pass.backward(cutGradient);
      head =
          head.with(
              ParameterMath.sgd(side.cut().deviceAdapters(head), gradient, localLearningRate));
    }
  }

  /** Frees the device layers' open pass, if any (its cut gradient will not come). */
  public void closePass() {
    if (open != null) {
      open.close();
      open = null;
    }
  }

  /**
   * Head forward/backward on the server's features, one SGD step on the head copy (with the exact
   * gradient); the feature gradient goes up with the gradient noise when that defence is on.
   */
  public LocalStep trainHead(TensorPayload features) {
    if (pendingLabels == null) {
      throw new IllegalStateException(
          "device " + device + " got features without an embedded batch");
    }
    HeadStep step = side.trainHead(features, pendingLabels, head);
    head =
        head.with(
            ParameterMath.sgd(TaskModule.classifier(head), step.headGradient(), localLearningRate));
    pendingLabels = null;
    return new LocalStep(
        step.loss(),
        defences.featureGradient(step.featureGradient(), device, pendingRound, pendingStep));
  }

  /**
   * The shard rows of device {@code device}'s mini-batch in (round, step): min(b, n) distinct rows
   * of its n by partial Fisher–Yates, from the stream keyed by all four, so any node draws the
   * same.
   */
  public static int[] batchRows(
      long seed, int device, long round, int step, int shardSize, int batchSize) {
    SplittableRandom random =
        KeyedRandom.stream(seed, StreamPurpose.BATCH, device, KeyedSampling.roundStep(round, step));
    return KeyedSampling.sample(KeyedSampling.identity(shardSize), batchSize, random);
  }
}
