package org.edgetune.wireless;

import org.edgetune.config.ConfigException;
import org.edgetune.config.ConfigReader;

/**
 * What one device does in a round, in the units the wireless model needs: mini-batch size b,
 * sequence length L, the encoder's hidden size d, layers N and FFN width I, number of classes,
 * local split steps τ, bits per value q, and the device FLOPs per sample that privacy defences add.
 * The training side builds one from its own settings and the loaded model's sizes; the schedule
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
    double defenceFlopsPerSample) {

  public Workload {
    if (batchSize < 1 || sequenceLength < 1 || hiddenSize < 1 || layers < 1 || intermediateSize < 1 || classes < 2
        || localSteps < 1) {
      throw new IllegalArgumentException("workload sizes must be positive (classes ≥ 2): " + this);
    }
    if (!(defenceFlopsPerSample >= 0)) {
      throw new IllegalArgumentException("defence FLOPs per sample must be ≥ 0, not " + defenceFlopsPerSample);
    }
    if (bitsPerValue != 8 && bitsPerValue != 16 && bitsPerValue != 32) {
      throw new IllegalArgumentException("bits per value must be 8, 16 or 32, not " + bitsPerValue);
    }
  }

  /** A workload without privacy defences. */
  public Workload(int batchSize, int sequenceLength, int hiddenSize, int layers, int intermediateSize, int classes,
      int localSteps, int bitsPerValue) {
    this(batchSize, sequenceLength, hiddenSize, layers, intermediateSize, classes, localSteps, bitsPerValue, 0);
  }

  static Workload read(ConfigReader r) {
    int bits = r.intIn("bits-per-value", 8, 32);
    if (bits != 8 && bits != 16 && bits != 32) {
      throw new ConfigException(
          "config key '" + r.key("bits-per-value") + "' = " + bits + " is not allowed; use 8, 16 or 32");
    }
    Workload w =
        new Workload(
            r.intIn("batch-size", 1, 65_536),
            r.intIn("sequence-length", 1, 65_536),
            r.intIn("hidden-size", 1, 65_536),
            r.intIn("layers", 1, 1_000),
            r.intIn("intermediate-size", 1, 1_000_000),
            r.intIn("classes", 2, 65_536),
            r.intIn("local-steps", 1, 1_000),
            bits);
    r.rejectUnknownKeys();
    return w;
  }

  /** |φ|: parameters of the linear task head (weights d·C plus biases C). */
  public long headParameters() {
    return (long) hiddenSize * classes + classes;
  }

  /** U = τ(b·L·d + b·d)q + |φ|q: embeddings and feature gradients per step, then the head. */
  public double uplinkBits() {
    double perStep = (double) batchSize * sequenceLength * hiddenSize + (double) batchSize * hiddenSize;
    return (localSteps * perStep + headParameters()) * bitsPerValue;
  }

  /** τ·b·d·q + |φ|q: pooled features per step, and the current head broadcast. */
  public double downlinkBits() {
    return ((double) localSteps * batchSize * hiddenSize + headParameters()) * bitsPerValue;
  }

  /**
   * Floating-point operations per training sample on the device: the frozen embedding module
   * (L·d values, each a few adds for word + position + token type and the LayerNorm) and the head
   * forward (2·d·C multiply-adds plus C biases) and backward (weight and feature gradients), plus
   * what the privacy defences add.
   */
  public double deviceFlopsPerSample(double embeddingFlopsPerValue, double headBackwardFactor) {
    double embedding = (double) sequenceLength * hiddenSize * embeddingFlopsPerValue;
    double headForward = 2.0 * hiddenSize * classes + classes;
    return embedding + (1 + headBackwardFactor) * headForward + defenceFlopsPerSample;
  }

  /**
   * Forward FLOPs of the encoder for one sequence, multiply-adds counted as 2: per layer the four
   * d×d projections Q, K, V, O (8·L·d²), the scores Q·Kᵀ and their product with V (4·L²·d) and the
   * FFN's two d×I matrices (4·L·d·I). Biases, softmax, LayerNorm and GELU (O(L·d) and O(L²) per
   * layer) are left out: under 2% at the bundled models' sizes. Exact in a long.
   */
  public long encoderForwardFlopsPerSample() {
    long l = sequenceLength;
    long d = hiddenSize;
    long perLayer = 8 * l * d * d + 4 * l * l * d + 4 * l * d * intermediateSize;
    return layers * perLayer;
  }

  /**
   * The server's FLOPs for one split step of one device: the encoder forward and backward on b
   * sequences, the backward costing {@code backwardFactor} forwards (the base is frozen, so only
   * the input gradients flow back: about one forward; LoRA's share is negligible at rank 8).
   */
  public double serverFlopsPerStep(double backwardFactor) {
    return (1 + backwardFactor) * ((double) batchSize * encoderForwardFlopsPerSample());
  }
}
