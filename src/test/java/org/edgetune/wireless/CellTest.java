package org.edgetune.wireless;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.typesafe.config.ConfigFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

class CellTest {

  private static final WirelessSettings DEFAULTS =
      WirelessSettings.from(ConfigFactory.defaultReference());

  @Test
  void devicesAreUniformInTheAnnulus() {
    List<DeviceProfile> devices = Cell.place(DEFAULTS.withDevices(20_000), 7);
    assertThat(devices).allSatisfy(d -> assertThat(d.distanceM()).isBetween(50.0, 500.0));
    // Uniform in area: P(d ≤ 300) = (300² − 50²) / (500² − 50²) = 0.3535.
    double inner = devices.stream().filter(d -> d.distanceM() <= 300).count() / 20_000.0;
    assertThat(inner).isCloseTo(0.3535, within(0.015));
    double meanCpu = devices.stream().mapToDouble(DeviceProfile::cpuHz).average().orElseThrow();
    assertThat(meanCpu).isCloseTo(1.25e9, within(0.02e9));
    assertThat(devices).allSatisfy(d -> assertThat(d.cpuHz()).isBetween(0.5e9, 2e9));
  }

  @Test
  void placementIsKeyedPerDevice() {
    List<DeviceProfile> ten = Cell.place(DEFAULTS.withDevices(10), 3);
    List<DeviceProfile> twenty = Cell.place(DEFAULTS.withDevices(20), 3);
    assertThat(twenty.subList(0, 10)).isEqualTo(ten);
    assertThat(Cell.place(DEFAULTS.withDevices(10), 4)).isNotEqualTo(ten);
  }

  @Test
  void fadingIsExponentialWithUnitMean() {
    int n = 40_000;
    double sum = 0;
    double sumSq = 0;
    for (int t = 0; t < n; t++) {
      double g = Fading.power(1, 3, t);
      sum += g;
      sumSq += g * g;
    }
    double mean = sum / n;
    assertThat(mean).isCloseTo(1.0, within(0.03));
    assertThat(sumSq / n - mean * mean).isCloseTo(1.0, within(0.08));
    assertThat(Fading.power(1, 3, 5))
        .isEqualTo(Fading.power(1, 3, 5))
        .isNotEqualTo(Fading.power(1, 4, 5));
  }
}
