package org.edgetune.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A {@link ParameterState} copied into one call's scope. Each call builds fresh leaf arrays, so
 * gradients never accumulate between steps and every working copy (one per device) is just a value.
 */
final class ParameterArrays {

  private final Map<String, NDArray> arrays;

  private ParameterArrays(Map<String, NDArray> arrays) {
    this.arrays = arrays;
  }

  /** Leaves that record gradients (use inside a gradient collector). */
  static ParameterArrays trainable(NDManager scope, ParameterState state) {
    return of(scope, state, true);
  }

  /** Constants: for inference, no graph is recorded through them. */
  static ParameterArrays constant(NDManager scope, ParameterState state) {
    return of(scope, state, false);
  }

  private static ParameterArrays of(NDManager scope, ParameterState state, boolean trainable) {
    Map<String, NDArray> arrays = new LinkedHashMap<>();
    state
        .tensors()
        .forEach(
            (name, t) -> {
              NDArray a = scope.create(t.values(), new Shape(t.shape()));
              if (trainable) {
                a.setRequiresGradient(true);
              }
              arrays.put(name, a);
            });
    return new ParameterArrays(arrays);
  }

  /**
   * Both sets of arrays under one lookup (the names must differ): the uncut model runs the device's
   * and the server's adapters together. The arrays are shared, so each part's {@link #gradients}
   * still holds its own.
   */
  static ParameterArrays union(ParameterArrays first, ParameterArrays second) {
    Map<String, NDArray> arrays = new LinkedHashMap<>(first.arrays);
    second.arrays.forEach(
        (name, a) -> {
          if (arrays.putIfAbsent(name, a) != null) {
            throw new IllegalArgumentException("parameter " + name + " is in both states");
          }
        });
    return new ParameterArrays(arrays);
  }

  boolean has(String name) {
    return arrays.containsKey(name);
  }

  NDArray get(String name) {
    NDArray a = arrays.get(name);
    if (a == null) {
      throw new IllegalArgumentException("no parameter " + name);
    }
    return a;
  }

  /**
   * The gradients recorded by the last backward pass, under the parameters' names. A non-finite
   * value fails here, where it arose, rather than poisoning a working copy through the optimizer.
   */
  ParameterState gradients() {
    Map<String, FloatTensor> grads = new LinkedHashMap<>();
    arrays.forEach(
        (name, a) -> {
          float[] g = a.getGradient().toFloatArray();
          requireFinite(g, name);
          grads.put(name, new FloatTensor(a.getShape().getShape(), g));
        });
    return new ParameterState(grads);
  }

  static void requireFinite(float[] values, String what) {
    for (float v : values) {
      if (!Float.isFinite(v)) {
        throw new ArithmeticException("non-finite gradient of " + what);
      }
    }
  }
}
