package org.edgetune.model;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * AdamW (decoupled weight decay) over plain {@link ParameterState}s. Only LoRA and head values ever
 * reach it, so the frozen base cannot move. Pure: returns new values and moments.
 *
 * @param learningRate step size
 * @param beta1 decay of the first moment
 * @param beta2 decay of the second moment
 * @param epsilon added to the root of the second moment
 * @param weightDecay decoupled decay per step, as a fraction of learningRate · value
 */
public record AdamW(
    double learningRate, double beta1, double beta2, double epsilon, double weightDecay) {

  public AdamW {
    if (!(learningRate > 0)
        || !(beta1 >= 0 && beta1 < 1)
        || !(beta2 >= 0 && beta2 < 1)
        || !(epsilon > 0)
        || !(weightDecay >= 0)) {
      throw new IllegalArgumentException(
          String.format(
              "invalid AdamW hyperparameters: lr %s, beta1 %s, beta2 %s, epsilon %s, weight decay %s",
              learningRate, beta1, beta2, epsilon, weightDecay));
    }
  }

  /** Common defaults (β1 0.9, β2 0.999, ε 1e-8). */
  public static AdamW of(double learningRate, double weightDecay) {
    return new AdamW(learningRate, 0.9, 0.999, 1e-8, weightDecay);
  }

  /** New parameters and moments. */
  public record Update(ParameterState parameters, AdamWState state) {}

  public Update step(ParameterState parameters, ParameterState gradients, AdamWState state) {
    long t = state.steps() + 1;
    double correction1 = 1 - Math.pow(beta1, t);
    double correction2 = 1 - Math.pow(beta2, t);
    Map<String, FloatTensor> next = new LinkedHashMap<>();
    Map<String, FloatTensor> m = new LinkedHashMap<>();
    Map<String, FloatTensor> v = new LinkedHashMap<>();
    parameters
        .tensors()
        .forEach(
            (name, p) -> {
              float[] g = gradients.get(name).values();
              float[] m0 = state.firstMoment().get(name).values();
              float[] v0 = state.secondMoment().get(name).values();
              if (g.length != p.size()) {
                throw new IllegalArgumentException(
                    "gradient of " + name + " does not match its parameter");
              }
              float[] p1 = new float[p.size()];
              float[] m1 = new float[p.size()];
              float[] v1 = new float[p.size()];
              float[] p0 = p.values();
              for (int i = 0; i < p1.length; i++) {
                m1[i] = (float) (beta1 * m0[i] + (1 - beta1) * g[i]);
                v1[i] = (float) (beta2 * v0[i] + (1 - beta2) * (double) g[i] * g[i]);
                double adaptive =
                    (m1[i] / correction1) / (Math.sqrt(v1[i] / correction2) + epsilon);
                p1[i] = (float) (p0[i] - learningRate * (adaptive + weightDecay * p0[i]));
              }
              next.put(name, new FloatTensor(p.shape(), p1));
              m.put(name, new FloatTensor(p.shape(), m1));
              v.put(name, new FloatTensor(p.shape(), v1));
            });
    return new Update(
        new ParameterState(next), new AdamWState(t, new ParameterState(m), new ParameterState(v)));
  }
}
