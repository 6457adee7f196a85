package org.edgetune.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
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
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("absent.conf");
    assertThatThrownBy(() -> ConfigLoader.load(null, List.of("edgetune.seed")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("edgetune.seed");
  }

  /**
   * {@code ConfigFactory.defaultReference()} is resolved with the system properties over it, so
   * {@code -Dpekko.x=y} reaches every run's config (under the scenario files and the overrides):
   * that is how the tests turn on {@code serialize-messages}.
   */
  @Test
  void systemPropertiesReachTheConfigUnderTheOverrides() {
    System.setProperty("pekko.loglevel", "DEBUG");
    ConfigFactory.invalidateCaches();
    try {
      assertThat(ConfigLoader.load(null, List.of()).getString("pekko.loglevel")).isEqualTo("DEBUG");
      assertThat(
              ConfigLoader.load(null, List.of("pekko.loglevel=ERROR")).getString("pekko.loglevel"))
          .isEqualTo("ERROR");
    } finally {
      System.clearProperty("pekko.loglevel");
      ConfigFactory.invalidateCaches();
    }
  }

  /**
   * Guards the Surefire setting in pom.xml that makes every actor test check its messages'
   * serialisation.
   */
  @Test
  void testsRunWithSerializeMessagesOn() {
    assertThat(ConfigLoader.load(null, List.of()).getBoolean("pekko.actor.serialize-messages"))
        .isTrue();
    assertThat(ConfigFactory.load().getBoolean("pekko.actor.serialize-messages")).isTrue();
  }
}
