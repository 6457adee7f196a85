package org.edgetune.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The values that cross between actors survive Jackson CBOR, the cluster's message format. */
class CborSerializationTest {

  private final ObjectMapper cbor = new CBORMapper();

  @Test
  void payloadsAndStatesRoundTrip() throws Exception {
    EmbeddedBatch batch =
        new EmbeddedBatch(
            TensorPayload.of(new float[] {1, 2, 3, 4, 5, 6}, 1, 2, 3),
            TensorPayload.of(new float[] {1, 0}, 1, 2));
    assertThat(roundTrip(batch, EmbeddedBatch.class)).isEqualTo(batch);

    Map<String, FloatTensor> tensors = new LinkedHashMap<>();
    tensors.put("z.lora_A", new FloatTensor(new long[] {1, 2}, new float[] {0.5f, -1e-7f}));
    tensors.put("a.lora_B", FloatTensor.zeros(2, 1));
    ParameterState state = new ParameterState(tensors);
    ParameterState back = roundTrip(state, ParameterState.class);
    assertThat(back).isEqualTo(state);
    assertThat(back.tensors().keySet()).containsExactly("z.lora_A", "a.lora_B");

    HeadStep step = new HeadStep(0.25f, TensorPayload.of(new float[] {3}, 1, 1), state);
    assertThat(roundTrip(step, HeadStep.class)).isEqualTo(step);
  }

  private <T> T roundTrip(T value, Class<T> type) throws Exception {
    return cbor.readValue(cbor.writeValueAsBytes(value), type);
  }
}
