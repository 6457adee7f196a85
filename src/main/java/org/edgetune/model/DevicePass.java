package org.edgetune.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Arrays;

/**
 * The device's forward pass through its encoder layers at a deep cut, kept open until the server's
 * gradient with respect to the uploaded activations comes back: it owns the recorded graph and the
 * leaves of the device's adapters. Close it after {@link #backward} (or when the gradient will not
 * come) to free the activations.
 */
public final class DevicePass implements AutoCloseable {

  private final NDManager scope;
  private final ParameterArrays adapters;
  private final NDArray activations;
  private final EmbeddedBatch uplink;
  private boolean backwardDone;

  DevicePass(NDManager scope, ParameterArrays adapters, NDArray activations, TensorPayload mask) {
    this.scope = scope;
    this.adapters = adapters;
    this.activations = activations;
    this.uplink = new EmbeddedBatch(TensorPayload.fromNDArray(activations), mask);
  }

  /** The layer-n activations [b, L, d] and the attention mask: the uplink payload. */
  public EmbeddedBatch uplink() {
    return uplink;
  }

  /**
   * Back-propagates the server's dLoss/d(layer-n activations) into the device's adapters, by the
   * backward of sum(activations ⊙ gradient). Once per pass.
   */
  public ParameterState backward(TensorPayload cutGradient) {
    if (backwardDone) {
      throw new IllegalStateException("backward already ran for this device pass");
    }
    if (!Arrays.equals(cutGradient.shape(), uplink.embeddings().shape())) {
      throw new IllegalArgumentException(
          "cut gradient " + cutGradient + " does not match activations " + uplink.embeddings());
    }
    backwardDone = true;
    NDArray upstream = cutGradient.toNDArray(scope);
    Autograd.collect(
        collector -> {
          collector.backward(activations.mul(upstream).sum());
          return null;
        });
    return adapters.gradients();
  }

  @Override
  public void close() {
    scope.close();
  }
}
