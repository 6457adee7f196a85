package org.edgetune.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class TensorPayloadTest {

  @Test
  void bytesAreLittleEndianFloat32() {
    TensorPayload p = TensorPayload.of(new float[] {1f, -2f}, 2);
    assertThat(p.data()).containsExactly(0, 0, (byte) 0x80, 0x3F, 0, 0, 0, (byte) 0xC0);
  }

  @Test
  void roundTripsThroughTheEngine() {
    float[] values = {0f, -0f, 1.5f, Float.MIN_VALUE, -3.25e7f, Float.MAX_VALUE};
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      NDArray original = manager.create(values, new Shape(2, 3));
      TensorPayload payload = TensorPayload.fromNDArray(original);
      assertThat(payload.shape()).containsExactly(2, 3);
      NDArray back = payload.toNDArray(manager);
      assertThat(back.getShape()).isEqualTo(new Shape(2, 3));
      assertThat(back.toFloatArray()).isEqualTo(values);
      assertThat(TensorPayload.fromNDArray(back)).isEqualTo(payload).hasSameHashCodeAs(payload);
    }
  }

  @Test
  void equalityIsByContent() {
    TensorPayload a = TensorPayload.of(new float[] {1, 2, 3, 4}, 2, 2);
    assertThat(a).isEqualTo(TensorPayload.of(new float[] {1, 2, 3, 4}, 2, 2));
    assertThat(a).isNotEqualTo(TensorPayload.of(new float[] {1, 2, 3, 4}, 4));
    assertThat(a).isNotEqualTo(TensorPayload.of(new float[] {1, 2, 3, 5}, 2, 2));
    assertThat(a.toFloats()).containsExactly(1, 2, 3, 4);
  }

  @Test
  void rejectsBytesThatDoNotFitTheShape() {
    assertThatThrownBy(() -> new TensorPayload(new int[] {2, 2}, new byte[12]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs 16 bytes");
  }
}
