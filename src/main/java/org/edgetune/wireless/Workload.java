package org.edgetune.wireless;

import org.edgetune.config.ConfigException;
import org.edgetune.config.ConfigReader;

/**
 * What one device does in a round, in the units the wireless model needs: mini-batch size b,
 * sequence length L, the encoder's hidden size d, layers N and FFN width I, number of classes,
 * local split steps τ, bits per value q, the device FLOPs per sample that privacy defences add, and
 * the cut point: n encoder layers on the device (their forward and backward are device FLOPs, not
 * server FLOPs) with their LoRA adapters, which the device downloads and uploads with the head. The
 * training side builds one from its own settings and the loaded model's sizes; the schedule
 * simulator reads {@code edgetune.wireless.workload} (without defences).
 */
public record Workload(
    int batchSize,
    int sequenceLength,
    int hiddenSize,
    int layers,
    int intermediateSize,
    int classes,
    int localSteps,
    int bitsPerValue,
    double defenceFlopsPerSample,
    int deviceLayers,
    long deviceAdapterParameters) {

  public Workload {
    if (batchSize < 1
        || sequenceLength < 1
        || hiddenSize < 1
        || layers < 1
        || intermediateSize < 1
        || classes < 2
        || localSteps < 1) {
      throw new IllegalArgumentException("workload sizes must be positive (classes ≥ 2): " + this);
    }
    if (!(defenceFlopsPerSample >= 0)) {
      throw new IllegalArgumentException(
          "defence FLOPs per sample must be ≥ 0, not " + defenceFlopsPerSample);
    }
    if (bitsPerValue != 8 && bitsPerValue != 16 && bitsPerValue != 32) {
      throw new IllegalArgumentException("bits per value must be 8, 16 or 32, not " + bitsPerValue);
    }
    if (deviceLayers < 0
        || deviceLayers >= layers
        || deviceAdapterParameters < 0
        || (deviceLayers == 0 && deviceAdapterParameters != 0)) {
      throw new IllegalArgumentException(
          "device layers must be in 0.."
              + (layers - 1)
              + " with adapters only when there are any: "
              + this);
    }
  }

  /** A workload at the embedding-only cut, without privacy defences. */
  public Workload(
      int batchSize,
      int sequenceLength,
      int hiddenSize,
      int layers,
      int intermediateSize,
      int classes,
      int localSteps,
      int bitsPerValue) {
    this(
        batchSize,
        sequenceLength,
        hiddenSize,
        layers,
        intermediateSize,
        classes,
        localSteps,
        bitsPerValue,
        0.0,
        0,
        0);
  }

  static Workload read(ConfigReader r) {
    int bits = r.intIn("bits-per-value", 8, 32);
    if (bits != 8 && bits != 16 && bits != 32) {
      throw new ConfigException(
          "config key '"
              + r.key("bits-per-value")
              + "' = "
              + bits
              + " is not allowed; use 8, 16 or 32");
    }
    int layers = r.intIn("layers", 1, 1_000);
    int deviceLayers = r.intIn("device-layers", 0, layers - 1);
    long adaptersPerLayer = r.longIn("device-adapter-parameters-per-layer", 0, 1_000_000_000);
    Workload w =
        new Workload(
            r.intIn("batch-size", 1, 65_536),
            r.intIn("sequence-length", 1, 65_536),
            r.intIn("hidden-size", 1, 65_536),
            layers,
            r.intIn("intermediate-size", 1, 1_000_000),
            r.intIn("classes", 2, 65_536),
            r.intIn("local-steps", 1, 1_000),
            bits,
            0,
            deviceLayers,
            deviceLayers * adaptersPerLayer);
    r.rejectUnknownKeys();
    return w;
  }

  /** |φ|: parameters of the linear task head (weights d·C plus biases C). */
  public long headParameters() {
    return (long) hiddenSize * classes + classes;
  }

  /** |φ| plus the device layers' adapters: the device state broadcast and uploaded each round. */
  public long deviceStateParameters() {
    return headParameters() + deviceAdapterParameters;
  }

  /**
   * U = τ(b·L·d + b·d)q + |φ|q: embeddings (layer-n activations at a deep cut, the same size) and
   * feature gradients per step, then the device state (the head, and the device layers' adapters).
   */
  public double uplinkBits() {
    double perStep =
        (double) batchSize * sequenceLength * hiddenSize + (double) batchSize * hiddenSize;
    return (localSteps * perStep + deviceStateParameters()) * bitsPerValue;
  }

  /**
   * τ·b·d·q + |φ|q: pooled features per step, and the current device state broadcast. The cut
   * gradient of a deep cut (τ·b·L·d values) comes down too; like the features it is sent at the
   * server's power over the downlink band, so it is counted in latency only.
   */
  public double downlinkBits() {
    double perStep =
        (double) batchSize * hiddenSize
            + (deviceLayers > 0 ? (double) batchSize * sequenceLength * hiddenSize : 0);
    return ((double) localSteps * perStep + deviceStateParameters()) * bitsPerValue;
  }

  /**
   * Floating-point operations per training sample on the device: the frozen embedding module (L·d
   * values, each a few adds for word + position + token type and the LayerNorm) and the head
   * forward (2·d·C multiply-adds plus C biases) and backward (weight and feature gradients), plus
   * what the privacy defences add, plus at a deep cut the device's n encoder layers forward and
   * backward ({@code encoderBackwardFactor} forwards, as on the server).
   */
  public double deviceFlopsPerSample(
      double embeddingFlopsPerValue, double headBackwardFactor, double encoderBackwardFactor) {
    double embedding = (double) sequenceLength * hiddenSize * embeddingFlopsPerValue;
    double headForward = 2.0 * hiddenSize * classes + classes;
    return embedding
        + (1 + headBackwardFactor) * headForward
        + defenceFlopsPerSample
        + (1 + encoderBackwardFactor) * (double) (deviceLayers * layerForwardFlopsPerSample());
  }

  /**
   * Forward FLOPs of one encoder layer for one sequence, multiply-adds counted as 2: the four d×d
   * projections Q, K, V, O (8·L·d²), the scores Q·Kᵀ and their product with V (4·L²·d) and the
   * FFN's two d×I matrices (4·L·d·I). Biases, softmax, LayerNorm and GELU (O(L·d) and O(L²) per
   * layer) are left out: under 2% at the bundled models' sizes; so are the LoRA adapters (rank 8).
   * Exact in a long.
   */
  public long layerForwardFlopsPerSample() {
    long l = sequenceLength;
    long d = hiddenSize;
    return 8 * l * d * d + 4 * l * l * d + 4 * l * d * intermediateSize;
  }

  /** Forward FLOPs of the whole encoder (all N layers) for one sequence. */
  public long encoderForwardFlopsPerSample() {
    return layers * layerForwardFlopsPerSample();
  }

  /**
   * The server's FLOPs for one split step of one device: its encoder layers (N − n) forward and
   * backward on b sequences, the backward costing {@code backwardFactor} forwards (the base is
   * frozen, so only the input gradients flow back: about one forward; LoRA's share is negligible at
   * rank 8).
   */
  public double serverFlopsPerStep(double backwardFactor) {
    long serverLayers = layers - deviceLayers;
    return (1 + backwardFactor)
        * ((double) batchSize * (serverLayers * layerForwardFlopsPerSample()));
  }
}
