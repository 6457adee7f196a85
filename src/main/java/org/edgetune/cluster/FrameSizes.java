package org.edgetune.cluster;

import org.edgetune.model.SplitLoraModel;
import org.edgetune.sim.SimulationSettings;

/**
 * Artery frame sizes from the payloads that actually cross the network (DESIGN.md §3): the
 * embedding upload, b·L·d floats plus the b·L attention mask, is the one large message and goes on
 * the large-message channel (to the edge server, and on to an encoder node's worker); everything
 * else (features and feature gradients, b·d floats; the head, d·C + C floats; one device's LoRA
 * working copy coming back from an encoder node; control messages) fits an ordinary frame. Tensors
 * travel as raw bytes, parameter values (head, LoRA) as CBOR arrays of 5-byte floats.
 *
 * <p>At a deep cut ({@code device-layers} ≥ 1) a second large message goes the other way: the cut
 * gradient, b·L·d floats, from an encoder node to the server and from the server to the device (in
 * {@code LoraStepped}); and the device state that is broadcast and uploaded holds the device
 * layers' adapters besides the head.
 *
 * @param largeBytes maximum-large-frame-size (the embedding upload with headroom)
 * @param ordinaryBytes maximum-frame-size
 * @param cutGradients whether cut gradients cross the network (their destinations then take the
 *     large-message channel)
 */
public record FrameSizes(long largeBytes, long ordinaryBytes, boolean cutGradients) {

  /** Room for the message envelope, the CBOR field names and the actor paths. */
  static final long ENVELOPE_BYTES = 64 * 1024;

  /** Artery's own defaults; frames are never made smaller than these. */
  static final long DEFAULT_LARGE = 2 * 1024 * 1024;

  static final long DEFAULT_ORDINARY = 256 * 1024;

  /**
   * A float in a CBOR array: the initial byte and the 4-byte single-precision value (RFC 8949
   * §3.3).
   */
  static final int CBOR_FLOAT_BYTES = 5;

  /**
   * @param loraValues values of the LoRA adapters (what an encoder node sends back per device)
   */
  /**
   * The frames of a run of {@code settings} on {@code model}: its batch, sequence length, hidden
   * size, classes, the server's LoRA adapters and the device layers' adapters at its cut.
   */
  public static FrameSizes forRun(SimulationSettings settings, SplitLoraModel model) {
    return of(
        settings.train().batchSize(),
        settings.model().maxLength(),
        model.dims().hidden(),
        settings.model().classes(),
        model.initialLora(settings.seed()).parameterCount(),
        model.cut().deviceAdapters(model.initialHead(settings.seed())).parameterCount());
  }

  public static FrameSizes of(
      int batchSize, int maxLength, int hidden, int classes, int loraValues) {
    return of(batchSize, maxLength, hidden, classes, loraValues, 0);
  }

  /**
   * @param loraValues values of the server's LoRA adapters (what an encoder node sends back per
   *     device)
   * @param deviceAdapterValues values of the device layers' adapters (0 at the embedding-only cut)
   */
  public static FrameSizes of(
      int batchSize,
      int maxLength,
      int hidden,
      int classes,
      int loraValues,
      int deviceAdapterValues) {
    long embeddings = (long) batchSize * maxLength * hidden * Float.BYTES;
    long mask = (long) batchSize * maxLength * Float.BYTES;
    long features = (long) batchSize * hidden * Float.BYTES;
    long deviceState = ((long) hidden * classes + classes + deviceAdapterValues) * CBOR_FLOAT_BYTES;
    long lora = (long) loraValues * CBOR_FLOAT_BYTES;
    return new FrameSizes(
        Math.max(DEFAULT_LARGE, roundUpToKiB(Math.max(embeddings + mask, lora) + ENVELOPE_BYTES)),
        Math.max(
            DEFAULT_ORDINARY,
            roundUpToKiB(Math.max(features, Math.max(deviceState, lora)) + ENVELOPE_BYTES)),
        deviceAdapterValues > 0);
  }

  private static long roundUpToKiB(long bytes) {
    return (bytes + 1023) / 1024 * 1024;
  }
}
