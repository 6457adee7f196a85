package org.edgetune.train;

import java.util.LinkedHashMap;
import java.util.Map;
import org.edgetune.model.FloatTensor;
import org.edgetune.model.ParameterState;

/** Element-wise arithmetic on parameter states: local SGD steps and federated pseudo-gradients. */
public final class ParameterMath {

  private ParameterMath() {}

  /** {@code a + scale · b}, name by name. */
  public static ParameterState addScaled(ParameterState a, ParameterState b, double scale) {
    Map<String, FloatTensor> result = new LinkedHashMap<>();
    a.tensors()
        .forEach(
            (name, t) -> {
              float[] x = t.values();
              float[] y = b.get(name).values();
              if (x.length != y.length) {
                throw new IllegalArgumentException("parameter " + name + " differs in size");
              }
              float[] z = new float[x.length];
              for (int i = 0; i < z.length; i++) {
                z[i] = (float) (x[i] + scale * y[i]);
              }
              result.put(name, new FloatTensor(t.shape(), z));
            });
    return new ParameterState(result);
  }

  /** One plain gradient step: {@code p − lr · g}. */
  public static ParameterState sgd(
      ParameterState parameters, ParameterState gradient, double learningRate) {
    return addScaled(parameters, gradient, -learningRate);
  }

  /**
   * The federated pseudo-gradient {@code (global − averaged) / (lr · τ)}: with one local SGD step
   * it is exactly the weighted mean of the devices' gradients, so a server optimizer applied to it
   * behaves like large-batch training.
   */
  public static ParameterState pseudoGradient(
      ParameterState global, ParameterState averaged, double localLearningRate, int localSteps) {
    return scale(addScaled(global, averaged, -1), 1.0 / (localLearningRate * localSteps));
  }

  public static ParameterState scale(ParameterState state, double factor) {
    return addScaled(state.zerosLike(), state, factor);
  }
}
