package org.edgetune.wireless;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;

/** Closed forms at the defaults, checked against numbers worked out by hand (DESIGN.md §4). */
class WirelessModelTest {

  private static final WirelessSettings DEFAULTS =
      WirelessSettings.from(ConfigFactory.defaultReference());
  private static final WirelessModel MODEL = new WirelessModel(DEFAULTS);

  /** Path gain at 300 m: PL = 128.1 + 37.6·log10(0.3) = 108.43976 dB. */
  private static final double GAIN_300M = 1.432267318355735e-11;

  @Test
  void payloadsFollowTheFormulas() {
    // U = (16·64·384 + 16·384)·32 + (384·2 + 2)·32 = 12,779,520 + 24,640.
    assertThat(MODEL.uplinkBits()).isEqualTo(12_804_160.0);
    // Downlink = (16·384 + 770)·32.
    assertThat(MODEL.downlinkBits()).isEqualTo(221_248.0);
    // c = 64·384·10 + 3·(2·384·2 + 2).
    assertThat(DEFAULTS.cyclesPerSample()).isEqualTo(250_374.0);
  }

  @Test
  void pathGainAtThreeHundredMetres() {
    assertThat(DEFAULTS.pathGain(300)).isCloseTo(GAIN_300M, within(1e-9 * GAIN_300M));
    assertThat(10 * Math.log10(1 / DEFAULTS.pathGain(1000))).isCloseTo(128.1, within(1e-9));
  }

  @Test
  void midCellDeviceWithAFifthOfTheBandMatchesDesignOrdersOfMagnitude() {
    double rate = MODEL.uplinkRate(0.2, GAIN_300M);
    // 4 MHz · log2(1 + 179.4585): SNR = 0.19953 W · 1.4323e-11 / (4e6 Hz · 3.981e-21 W/Hz).
    assertThat(rate).isCloseTo(29_982_093.915, within(1e-3));
    double cpu = 1.25e9;
    double transmit = MODEL.energyJ(0.2, GAIN_300M, cpu) - MODEL.computeEnergyJ(cpu);
    assertThat(transmit).isCloseTo(0.0852097188, within(1e-9));
    assertThat(MODEL.uplinkBits() / rate).isCloseTo(0.4270602326, within(1e-9));
    // DESIGN.md: U ≈ 12.8 Mbit, ≈ 30 Mbit/s, ≈ 0.43 s, ≈ 0.085 J.
    assertThat(MODEL.uplinkBits() / 1e6).isCloseTo(12.8, within(0.05));
    assertThat(rate / 1e6).isCloseTo(30, within(0.5));
    assertThat(transmit).isCloseTo(0.085, within(0.001));
  }

  @Test
  void cellEdgeDeviceCostsAboutPointThirteenJoules() {
    double gain = DEFAULTS.pathGain(500);
    double transmit = MODEL.energyJ(0.2, gain, 1e9) - MODEL.computeEnergyJ(1e9);
    assertThat(transmit).isCloseTo(0.1338871492, within(1e-9));
  }

  @Test
  void computeEnergyIsAboutAMillijoule() {
    // κ·c·τ·b·f² = 1e-28 · 250374 · 16 · (1.25e9)².
    assertThat(MODEL.computeEnergyJ(1.25e9)).isCloseTo(6.25935e-4, within(1e-12));
    assertThat(MODEL.computeEnergyJ(2e9)).isBetween(1e-3, 2e-3);
  }

  @Test
  void latencyAddsComputeDownlinkServerAndUpload() {
    double latency = MODEL.latencyS(0.2, GAIN_300M, 1.25e9);
    // 16·250374/1.25e9 + 221248 / (20e6·log2(1 + 19.953 W·h/(20e6·N0))) + 0.2 + U/r.
    double expected = 3.2047872e-3 + 9.367106711e-4 + 0.2 + 0.4270602326;
    assertThat(latency).isCloseTo(expected, within(1e-9));
  }

  @Test
  void deadlineShareMeetsTheDeadlineExactly() {
    WirelessModel withDeadline = new WirelessModel(DEFAULTS.withDeadline(1.0));
    double share = withDeadline.minShareForDeadline(GAIN_300M, 1e9);
    assertThat(share).isBetween(0.0, 1.0);
    assertThat(withDeadline.latencyS(share, GAIN_300M, 1e9)).isCloseTo(1.0, within(1e-9));
    assertThat(withDeadline.latencyS(share * 0.999, GAIN_300M, 1e9)).isGreaterThan(1.0);
  }

  @Test
  void impossibleDeadlinesAreInfinite() {
    WirelessModel tight = new WirelessModel(DEFAULTS.withDeadline(0.1));
    // The server alone takes 0.2 s.
    assertThat(tight.minShareForDeadline(GAIN_300M, 1e9)).isInfinite();
    // A deep fade: even unlimited bandwidth cannot carry U in the time left.
    WirelessModel loose = new WirelessModel(DEFAULTS.withDeadline(1.0));
    assertThat(loose.minShareForDeadline(GAIN_300M * 1e-6, 1e9)).isInfinite();
    assertThat(new WirelessModel(DEFAULTS).minShareForDeadline(GAIN_300M, 1e9)).isZero();
  }
}
