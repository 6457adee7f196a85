package org.edgetune.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.edgetune.config.ConfigException;
import org.junit.jupiter.api.Test;

class ModelSettingsTest {

  @Test
  void referenceDefaults() {
    ModelSettings s = Fixtures.defaults();
    assertThat(s.model()).isEqualTo(PretrainedModel.ALL_MINILM_L6_V2);
    assertThat(s.maxLength()).isEqualTo(64);
    assertThat(s.padding()).isEqualTo(Padding.MAX_LENGTH);
    assertThat(s.truncation()).isTrue();
    assertThat(s.lora())
        .isEqualTo(new LoraSettings(8, 16, 0, Set.of(LoraTarget.QUERY, LoraTarget.VALUE)));
    assertThat(s.lora().scale()).isEqualTo(2f);
    assertThat(s.classes()).isEqualTo(2);
    assertThat(s.pooling()).isEqualTo(Pooling.CLS);
    assertThat(s.deviceLayers()).isZero();
    assertThat(s.cut()).isEqualTo(CutPoint.EMBEDDINGS);
  }

  @Test
  void readsTheAlternatives() {
    ModelSettings s =
        Fixtures.settings(
            """
        edgetune.model { name = bge-small-en-v1.5, padding = longest, pooling = mean
                         lora.targets = [key, attention-output, intermediate, output] }""");
    assertThat(s.model()).isEqualTo(PretrainedModel.BGE_SMALL_EN_V15);
    assertThat(s.padding()).isEqualTo(Padding.LONGEST);
    assertThat(s.pooling()).isEqualTo(Pooling.MEAN);
    assertThat(s.lora().targets())
        .containsExactlyInAnyOrder(
            LoraTarget.KEY,
            LoraTarget.ATTENTION_OUTPUT,
            LoraTarget.INTERMEDIATE,
            LoraTarget.OUTPUT);
  }

  @Test
  void failuresNameTheKey() {
    assertThatThrownBy(() -> Fixtures.settings("edgetune.model.name = bert-large"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("edgetune.model.name");
    assertThatThrownBy(() -> Fixtures.settings("edgetune.model.max-length = 1000"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("edgetune.model.max-length");
    assertThatThrownBy(() -> Fixtures.settings("edgetune.model.lora.targets = [query, ffn]"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("edgetune.model.lora.targets")
        .hasMessageContaining("ffn");
    assertThatThrownBy(() -> Fixtures.settings("edgetune.model.lora.targets = []"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("edgetune.model.lora.targets");
    assertThatThrownBy(() -> Fixtures.settings("edgetune.model.lora.rnak = 4"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("edgetune.model.lora.rnak");
    assertThatThrownBy(() -> Fixtures.settings("edgetune.model.pooling = max"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("edgetune.model.pooling");
    assertThatThrownBy(() -> Fixtures.settings("edgetune.model.device-layers = -1"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("edgetune.model.device-layers");
    assertThatThrownBy(() -> Fixtures.settings("edgetune.model.device-layers = 1.5"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("edgetune.model.device-layers");
  }
}
