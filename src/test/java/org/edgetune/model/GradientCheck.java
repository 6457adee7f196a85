package org.edgetune.model;

/** Element-wise comparisons of parameter states for the tests. */
final class GradientCheck {

  private GradientCheck() {}

  static double maxAbsDifference(ParameterState a, ParameterState b) {
    if (!a.tensors().keySet().equals(b.tensors().keySet())) {
      throw new AssertionError(
          "different names: " + a.tensors().keySet() + " vs " + b.tensors().keySet());
    }
    double max = 0;
    for (String name : a.tensors().keySet()) {
      max = Math.max(max, maxAbsDifference(a.get(name).values(), b.get(name).values()));
    }
    return max;
  }

  static double maxAbsDifference(float[] a, float[] b) {
    if (a.length != b.length) {
      throw new AssertionError("lengths differ: " + a.length + " vs " + b.length);
    }
    double max = 0;
    for (int i = 0; i < a.length; i++) {
      max = Math.max(max, Math.abs((double) a[i] - b[i]));
    }
    return max;
  }

  static double maxAbs(ParameterState state) {
    double max = 0;
    for (FloatTensor t : state.tensors().values()) {
      for (float v : t.values()) {
        max = Math.max(max, Math.abs(v));
      }
    }
    return max;
  }

  /** Largest |value| among the tensors whose name ends with {@code suffix}. */
  static double maxAbs(ParameterState state, String suffix) {
    double max = 0;
    for (var e : state.tensors().entrySet()) {
      if (e.getKey().endsWith(suffix)) {
        for (float v : e.getValue().values()) {
          max = Math.max(max, Math.abs(v));
        }
      }
    }
    return max;
  }
}
