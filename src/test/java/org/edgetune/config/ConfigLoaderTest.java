package org.edgetune.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

  @Test
  void overridesBeatTheFileWhichBeatsTheDefaults(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("s.conf");
    Files.writeString(file, "edgetune.schedule { devices-per-round = 7, rounds = 50 }");
    Config c = ConfigLoader.load(file, List.of("edgetune.schedule.rounds=9"));
    assertThat(c.getInt("edgetune.schedule.devices-per-round")).isEqualTo(7);
    assertThat(c.getInt("edgetune.schedule.rounds")).isEqualTo(9);
    assertThat(c.getDouble("edgetune.wireless.bandwidth-hz")).isEqualTo(20e6);
  }

  @Test
  void missingFileAndMalformedOverridesNameTheCulprit(@TempDir Path dir) {
    assertThatThrownBy(() -> ConfigLoader.load(dir.resolve("absent.conf"), List.of()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("absent.conf");
    assertThatThrownBy(() -> ConfigLoader.load(null, List.of("edgetune.seed")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("edgetune.seed");
  }
}
