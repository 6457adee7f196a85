package org.edgetune.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.edgetune.config.ConfigException;
import org.junit.jupiter.api.Test;

/**
 * Which parameters the cut gives the device, and the cut's range against the loaded model's layers.
 */
class CutPointTest {

  @Test
  void theDeviceGetsTheAdaptersOfLayersBelowTheCutInTheirOrder() {
    Map<String, FloatTensor> tensors = new LinkedHashMap<>();
    for (String name :
        new String[] {
          "encoder.layer.0.attention.self.query.lora_A",
              "encoder.layer.1.attention.self.value.lora_B",
          "encoder.layer.10.attention.self.query.lora_A", "encoder.layer.2.output.dense.lora_A"
        }) {
      tensors.put(name, FloatTensor.zeros(1));
    }
    ParameterState adapters = new ParameterState(tensors);
    CutPoint two = new CutPoint(2);

    assertThat(two.deviceAdapters(adapters).tensors().keySet())
        .containsExactly(
            "encoder.layer.0.attention.self.query.lora_A",
            "encoder.layer.1.attention.self.value.lora_B");
    // Layer 10 is not layer 1: the index is read whole.
    assertThat(two.serverAdapters(adapters).tensors().keySet())
        .containsExactly(
            "encoder.layer.10.attention.self.query.lora_A", "encoder.layer.2.output.dense.lora_A");
    assertThat(CutPoint.EMBEDDINGS.deviceAdapters(adapters).tensors()).isEmpty();
    assertThat(CutPoint.EMBEDDINGS.serverAdapters(adapters)).isEqualTo(adapters);
    assertThat(two.onDevice(TaskModule.WEIGHT)).isFalse();
    assertThat(two.deep()).isTrue();
    assertThat(CutPoint.EMBEDDINGS.deep()).isFalse();
    assertThatThrownBy(() -> new CutPoint(-1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aCutAtOrBeyondTheLoadedModelsLayersIsRefusedNamingTheKeyAndTheRange() {
    assertThatThrownBy(
            () -> SplitLoraModel.load(Fixtures.settings("edgetune.model.device-layers = 6")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'edgetune.model.device-layers' = 6")
        .hasMessageContaining("0..5")
        .hasMessageContaining("all-minilm-l6-v2 has 6 encoder layers");
    try (SplitLoraModel deepest =
        SplitLoraModel.load(Fixtures.settings("edgetune.model.device-layers = 5"))) {
      assertThat(deepest.cut().deviceLayers()).isEqualTo(5);
      assertThat(deepest.initialLora(1).tensors().keySet())
          .allMatch(n -> n.startsWith("encoder.layer.5."));
    }
  }
}
