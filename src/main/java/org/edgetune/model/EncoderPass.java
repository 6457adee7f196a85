package org.edgetune.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Arrays;

/**
 * One training forward pass on the server, kept open until the device's feature gradient arrives:
 * it owns the recorded graph and the LoRA leaves. Close it after {@link #backward} (or when the
 * gradient will not come, e.g. a missed deadline) to free the activations.
 */
public final class EncoderPass implements AutoCloseable {

  private final NDManager scope;
  private final ParameterArrays lora;
  private final NDArray features;
  private final TensorPayload featuresPayload;

  /** The uploaded activations as a leaf at a deep cut, else null. */
  private final NDArray input;

  private boolean backwardDone;

  EncoderPass(NDManager scope, ParameterArrays lora, NDArray features, NDArray input) {
    this.scope = scope;
    this.lora = lora;
    this.features = features;
    this.featuresPayload = TensorPayload.fromNDArray(features);
    this.input = input;
  }

  /** The pooled features [b, d]: the downlink payload. */
  public TensorPayload features() {
    return featuresPayload;
  }

  /**
   * Back-propagates the device's dLoss/dfeatures into the adapters: backward of sum(features ⊙
   * gradient) has exactly the upstream gradient at the cut. Once per pass.
   */
  public ParameterState backward(TensorPayload featureGradient) {
    if (backwardDone) {
      throw new IllegalStateException("backward already ran for this pass");
    }
    if (!Arrays.equals(featureGradient.shape(), featuresPayload.shape())) {
      throw new IllegalArgumentException(
          "gradient " + featureGradient + " does not match features " + featuresPayload);
    }
    backwardDone = true;
    NDArray upstream = featureGradient.toNDArray(scope);
    Autograd.collect(
        collector -> {
          collector.backward(features.mul(upstream).sum());
          return null;
        });
    return lora.gradients();
  }

  /**
   * At a deep cut, after {@link #backward}: dLoss/d(uploaded activations) [b, L, d], what the
   * device needs to back-propagate through its own layers.
   */
  public TensorPayload inputGradient() {
    if (input == null) {
      throw new IllegalStateException("the pass's input is the embeddings: no gradient goes back");
    }
    if (!backwardDone) {
      throw new IllegalStateException("the input gradient exists only after backward");
    }
    TensorPayload gradient = TensorPayload.fromNDArray(input.getGradient());
    ParameterArrays.requireFinite(gradient.toFloats(), "the uploaded activations");
    return gradient;
  }

  @Override
  public void close() {
    scope.close();
  }
}
