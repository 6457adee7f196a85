package org.edgetune.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Trainable values as plain Java: the LoRA adapters (names {@code <module>.lora_A} [r, in] and
 * {@code <module>.lora_B} [out, r]) or the task head ({@code classifier.weight}, {@code
 * classifier.bias}). Also used for their gradients and optimizer moments. The server keeps one per
 * device as its working copy; FedAvg is {@link #weightedAverage}.
 */
public record ParameterState(Map<String, FloatTensor> tensors) {

  public ParameterState {
    tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
  }

  public FloatTensor get(String name) {
    FloatTensor t = tensors.get(name);
    if (t == null) {
      throw new IllegalArgumentException("no parameter " + name);
    }
    return t;
  }

  /** The parameters whose names {@code keep} accepts, in this state's order. */
  public ParameterState only(Predicate<String> keep) {
    Map<String, FloatTensor> chosen = new LinkedHashMap<>();
    tensors.forEach(
        (name, t) -> {
          if (keep.test(name)) {
            chosen.put(name, t);
          }
        });
    return new ParameterState(chosen);
  }

  /** This state's parameters followed by {@code other}'s; the names must differ. */
  public ParameterState union(ParameterState other) {
    Map<String, FloatTensor> all = new LinkedHashMap<>(tensors);
    other.tensors.forEach(
        (name, t) -> {
          if (all.putIfAbsent(name, t) != null) {
            throw new IllegalArgumentException("parameter " + name + " is in both states");
          }
        });
    return new ParameterState(all);
  }

  /**
   * This state with the parameters that {@code replacements} names set to its values, order kept.
   */
  public ParameterState with(ParameterState replacements) {
    Map<String, FloatTensor> result = new LinkedHashMap<>(tensors);
    replacements.tensors.forEach(
        (name, t) -> {
          if (result.replace(name, t) == null) {
            throw new IllegalArgumentException("no parameter " + name);
          }
        });
    return new ParameterState(result);
  }

  public int parameterCount() {
    return tensors.values().stream().mapToInt(FloatTensor::size).sum();
  }

  /** The same names and shapes, all zero. */
  public ParameterState zerosLike() {
    Map<String, FloatTensor> zeros = new LinkedHashMap<>();
    tensors.forEach((name, t) -> zeros.put(name, FloatTensor.zeros(t.shape())));
    return new ParameterState(zeros);
  }

  /**
   * Σ w_i · state_i / Σ w_i, element-wise (FedAvg with shard sizes as weights). Sums run in the
   * list's order in double precision, so the result does not depend on message arrival order as
   * long as the caller orders the list (by device id).
   */
  public static ParameterState weightedAverage(List<ParameterState> states, double[] weights) {
    if (states.isEmpty() || states.size() != weights.length) {
      throw new IllegalArgumentException("need one weight per state and at least one state");
    }
    double total = 0;
    for (double w : weights) {
      if (!(w >= 0)) {
        throw new IllegalArgumentException("weights must be non-negative");
      }
      total += w;
    }
    if (total <= 0) {
      throw new IllegalArgumentException("weights must not all be zero");
    }
    Map<String, FloatTensor> average = new LinkedHashMap<>();
    for (Map.Entry<String, FloatTensor> entry : states.get(0).tensors.entrySet()) {
      String name = entry.getKey();
      double[] sum = new double[entry.getValue().size()];
      for (int s = 0; s < states.size(); s++) {
        float[] v = states.get(s).get(name).values();
        if (v.length != sum.length) {
          throw new IllegalArgumentException(
              "parameter " + name + " differs in size between states");
        }
        for (int i = 0; i < sum.length; i++) {
          sum[i] += weights[s] * v[i];
        }
      }
      float[] mean = new float[sum.length];
      for (int i = 0; i < sum.length; i++) {
        mean[i] = (float) (sum[i] / total);
      }
      average.put(name, new FloatTensor(entry.getValue().shape(), mean));
    }
    return new ParameterState(average);
  }
}
