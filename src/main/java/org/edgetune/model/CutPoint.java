package org.edgetune.model;

/**
 * Where the encoder is cut ({@code edgetune.model.device-layers = n}): layers 0..n-1 and their LoRA
 * adapters run on the device, after the embedding module; layers n..N-1 on the server. The uplink
 * then carries layer-n activations (the embeddings at n = 0) and the server returns the gradient
 * with respect to them, through which the device back-propagates into its own adapters.
 *
 * @param deviceLayers n ≥ 0
 */
public record CutPoint(int deviceLayers) {

  /** The embedding-only cut: the whole encoder on the server. */
  public static final CutPoint EMBEDDINGS = new CutPoint(0);

  private static final String LAYER_PREFIX = "encoder.layer.";

  public CutPoint {
    if (deviceLayers < 0) {
      throw new IllegalArgumentException("device layers must be ≥ 0, not " + deviceLayers);
    }
  }

  /** Whether any encoder layer runs on the device (then a cut gradient must come back down). */
  public boolean deep() {
    return deviceLayers > 0;
  }

  /**
   * Whether the adapter or weight {@code name} ({@code encoder.layer.<i>.…}) belongs to a device
   * layer.
   */
  public boolean onDevice(String name) {
    if (!name.startsWith(LAYER_PREFIX)) {
      return false;
    }
    int end = name.indexOf('.', LAYER_PREFIX.length());
    return Integer.parseInt(name.substring(LAYER_PREFIX.length(), end)) < deviceLayers;
  }

  /** The adapters of the device's layers, in the state's order. */
  public ParameterState deviceAdapters(ParameterState adapters) {
    return adapters.only(this::onDevice);
  }

  /** The adapters of the server's layers, in the state's order. */
  public ParameterState serverAdapters(ParameterState adapters) {
    return adapters.only(name -> !onDevice(name));
  }
}
