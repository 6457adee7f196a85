package org.edgetune.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.edgetune.data.BrownArchive;
import org.edgetune.data.DataSource;
import org.edgetune.data.PartitionScheme;
import org.edgetune.faults.FaultKind;
import org.edgetune.model.LoraTarget;
import org.edgetune.model.Padding;
import org.edgetune.model.Pooling;
import org.edgetune.model.PretrainedModel;
import org.edgetune.train.Trainable;
import org.junit.jupiter.api.Test;

/**
 * Every named choice of the config is read one way: each name gives its value back, others are
 * refused.
 */
class NamedChoiceTest {

  private static final List<Class<? extends Enum<?>>> CHOICES =
      List.of(
          BrownArchive.Labels.class,
          DataSource.class,
          PartitionScheme.class,
          FaultKind.class,
          LoraTarget.class,
          Padding.class,
          Pooling.class,
          PretrainedModel.class,
          Trainable.class);

  @Test
  @SuppressWarnings({"unchecked", "rawtypes"})
  void everyNameReadsBackAsItsValueAndNamesAreDistinct() {
    for (Class type : CHOICES) {
      List<String> names = NamedChoice.names(type);
      assertThat(names)
          .as(type.getSimpleName())
          .doesNotHaveDuplicates()
          .hasSize(type.getEnumConstants().length);
      for (Object value : type.getEnumConstants()) {
        assertThat(NamedChoice.of(type, ((NamedChoice) value).configName())).isSameAs(value);
      }
    }
    assertThat(NamedChoice.of(Trainable.class, "lora-and-head")).isEqualTo(Trainable.LORA_AND_HEAD);
    assertThat(NamedChoice.of(FaultKind.class, "encoder-node-loss"))
        .isEqualTo(FaultKind.ENCODER_NODE_LOSS);
  }

  @Test
  void aConfigKeyNamingNoValueIsRefusedWithTheKeyAndTheAllowedNames() {
    ConfigReader reader =
        new ConfigReader(
            com.typesafe.config.ConfigFactory.parseString("edgetune.data { partition = by-sauce }"),
            "edgetune.data");
    assertThatThrownBy(() -> reader.choice("partition", PartitionScheme.class))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("edgetune.data.partition")
        .hasMessageContaining("by-sauce")
        .hasMessageContaining(String.join(", ", NamedChoice.names(PartitionScheme.class)));
    assertThatThrownBy(() -> NamedChoice.of(Pooling.class, "max"))
        .hasMessageContaining("no Pooling named 'max'");
  }
}
