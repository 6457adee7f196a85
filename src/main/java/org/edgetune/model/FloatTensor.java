package org.edgetune.model;

import java.util.Arrays;

/**
 * A float tensor held on the Java heap (row-major): pre-trained weights on their way into the
 * engine, and the trainable LoRA and head values that are averaged, checkpointed and sent. Treat
 * the arrays as read-only once built.
 */
public record FloatTensor(long[] shape, float[] values) {

  public FloatTensor {
    if (elements(shape) != values.length) {
      throw new IllegalArgumentException(
          "shape "
              + Arrays.toString(shape)
              + " needs "
              + elements(shape)
              + " values, got "
              + values.length);
    }
  }

  public static FloatTensor zeros(long... shape) {
    return new FloatTensor(shape, new float[Math.toIntExact(elements(shape))]);
  }

  public int size() {
    return values.length;
  }

  static long elements(long[] shape) {
    long n = 1;
    for (long d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException("negative dimension in " + Arrays.toString(shape));
      }
      n *= d;
    }
    return n;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FloatTensor t
        && Arrays.equals(shape, t.shape)
        && Arrays.equals(values, t.values);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(shape) + Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    return "FloatTensor" + Arrays.toString(shape);
  }
}
