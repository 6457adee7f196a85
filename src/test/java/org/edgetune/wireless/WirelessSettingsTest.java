package org.edgetune.wireless;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import org.edgetune.config.ConfigException;
import org.junit.jupiter.api.Test;

class WirelessSettingsTest {

  private static Config with(String hocon) {
    return ConfigFactory.parseString(hocon)
        .withFallback(ConfigFactory.defaultReference())
        .resolve();
  }

  @Test
  void defaultsLoad() {
    WirelessSettings s = WirelessSettings.from(ConfigFactory.defaultReference());
    assertThat(s.devices()).isEqualTo(20);
    assertThat(s.workload()).isEqualTo(new Workload(16, 64, 384, 6, 1536, 2, 1, 32));
    assertThat(s.hasDeadline()).isFalse();
  }

  @Test
  void outOfRangeValueNamesTheKeyAndRange() {
    assertThatThrownBy(() -> WirelessSettings.from(with("edgetune.wireless.bandwidth-hz = -1")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("edgetune.wireless.bandwidth-hz")
        .hasMessageContaining("(0.0, 1.0E12]");
    assertThatThrownBy(
            () -> WirelessSettings.from(with("edgetune.wireless.workload.bits-per-value = 12")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("edgetune.wireless.workload.bits-per-value");
  }

  @Test
  void unknownKeysAreRejected() {
    assertThatThrownBy(() -> WirelessSettings.from(with("edgetune.wireless.bandwith-hz = 1")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("edgetune.wireless.bandwith-hz");
  }
}
