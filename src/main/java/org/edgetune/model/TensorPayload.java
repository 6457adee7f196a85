package org.edgetune.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A float32 tensor as it crosses between device and server: its shape and its values as
 * little-endian bytes, so actor messages carry plain values and never engine arrays. Equality is by
 * content. The arrays are shared, not copied: treat them as read-only.
 */
public record TensorPayload(int[] shape, byte[] data) {

  public TensorPayload {
    long n = 1;
    for (int d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException("negative dimension in " + Arrays.toString(shape));
      }
      n *= d;
    }
    if (n * Float.BYTES != data.length) {
      throw new IllegalArgumentException(
          "shape "
              + Arrays.toString(shape)
              + " needs "
              + n * Float.BYTES
              + " bytes, got "
              + data.length);
    }
  }

  public static TensorPayload of(float[] values, int... shape) {
    ByteBuffer bytes =
        ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asFloatBuffer().put(values);
    return new TensorPayload(shape.clone(), bytes.array());
  }

  /** Copies the array's values out of the engine; the array may be closed afterwards. */
  public static TensorPayload fromNDArray(NDArray array) {
    if (array.getDataType() != DataType.FLOAT32) {
      throw new IllegalArgumentException("payloads carry float32, not " + array.getDataType());
    }
    long[] dims = array.getShape().getShape();
    int[] shape = new int[dims.length];
    for (int i = 0; i < dims.length; i++) {
      shape[i] = Math.toIntExact(dims[i]);
    }
    // The engine's buffer is in native order; the float views convert while copying once.
    ByteBuffer bytes =
        ByteBuffer.allocate(Math.toIntExact(array.size() * Float.BYTES))
            .order(ByteOrder.LITTLE_ENDIAN);
    bytes.asFloatBuffer().put(array.toByteBuffer().asFloatBuffer());
    return new TensorPayload(shape, bytes.array());
  }

  /** A new array in {@code manager}: with nothing recorded before it, it is a leaf for autograd. */
  public NDArray toNDArray(NDManager manager) {
    long[] dims = Arrays.stream(shape).asLongStream().toArray();
    return manager.create(
        ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer(), new Shape(dims));
  }

  public float[] toFloats() {
    float[] values = new float[data.length / Float.BYTES];
    ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
    return values;
  }

  public int elementCount() {
    return data.length / Float.BYTES;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TensorPayload p
        && Arrays.equals(shape, p.shape)
        && Arrays.equals(data, p.data);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "TensorPayload" + Arrays.toString(shape);
  }
}
