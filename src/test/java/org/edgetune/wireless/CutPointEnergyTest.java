package org.edgetune.wireless;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.typesafe.config.ConfigFactory;
import java.util.List;
import org.edgetune.config.ConfigException;
import org.edgetune.config.ConfigLoader;
import org.edgetune.model.BertDims;
import org.edgetune.sim.SimulationSettings;
import org.junit.jupiter.api.Test;

/**
 * The cut point in the energy model: each device layer adds its forward and backward FLOPs to the
 * device's cycles, its adapters to the uplink, and takes the same FLOPs off the server. The
 * expected values are computed here from the closed forms of the default cell (MiniLM-L6, b 16, L
 * 64, d 384, I 1536, LoRA rank 8 on query and value), not from the code under test.
 */
class CutPointEnergyTest {

  private static final BertDims MINILM = new BertDims(6, 384, 12, 1536, 30522, 512, 2);
  private static final double KAPPA = 1e-28;
  private static final double TX_POWER_W = Math.pow(10, (23 - 30) / 10.0);
  private static final int B = 16;
  private static final long L = 64;
  private static final long D = 384;
  private static final long I = 1536;

  /** One layer's forward FLOPs per sequence: 8·L·d² + 4·L²·d + 4·L·d·I = 232,783,872. */
  private static final double LAYER_FLOPS = 8 * L * D * D + 4 * L * L * D + 4 * L * D * I;

  /** Query and value adapters of one layer at rank 8: 2 · 8 · (384 + 384) values. */
  private static final double ADAPTERS_PER_LAYER = 2 * 8 * (384 + 384);

  @Test
  void deviceEnergyGrowsWithEachLayersForwardAndBackwardFlopsAndItsAdaptersUpload() {
    double cpuHz = 1.25e9;
    double gain = 1e-12;
    double share = 0.2;
    WirelessModel embeddingsOnly = new WirelessModel(cell(0));
    for (int n = 1; n <= 3; n++) {
      WirelessModel deep = new WirelessModel(cell(n));
      // κ · (forward + backward, backward = one forward) · n layers · b samples · τ = 1 · f².
      double computeJ = KAPPA * 2 * n * LAYER_FLOPS * B * cpuHz * cpuHz;
      double adapterBits = n * ADAPTERS_PER_LAYER * 32;
      double rate =
          share
              * 20e6
              * Math.log(1 + TX_POWER_W * gain / (share * 20e6 * noisePsd()))
              / Math.log(2);
      double expected = computeJ + TX_POWER_W * adapterBits / rate;

      double added = deep.energyJ(share, gain, cpuHz) - embeddingsOnly.energyJ(share, gain, cpuHz);
      assertThat(added).as("n = %d", n).isCloseTo(expected, within(expected * 1e-9));
      assertThat(deep.computeEnergyJ(cpuHz) - embeddingsOnly.computeEnergyJ(cpuHz))
          .isCloseTo(computeJ, within(computeJ * 1e-12));
      assertThat(deep.uplinkBits() - embeddingsOnly.uplinkBits()).isEqualTo(adapterBits);
    }
    // 1.164 J per layer at 1.25 GHz: a layer costs a thousand times the embedding module and head.
    assertThat(KAPPA * 2 * LAYER_FLOPS * B * cpuHz * cpuHz).isCloseTo(1.164, within(1e-3));
  }

  @Test
  void theServerLosesWhatTheDeviceGains() {
    WirelessSettings whole = cell(0);
    for (int n = 1; n <= 5; n++) {
      assertThat(cell(n).serverSecondsPerStep()).isCloseTo(0.2 * (6 - n) / 6, within(1e-15));
      assertThat(cell(n).cyclesPerSample() - whole.cyclesPerSample())
          .isCloseTo(2 * n * LAYER_FLOPS, within(1e-3));
    }
    // The cut gradient (b·L·d values) comes down with the features at a deep cut: latency only.
    assertThat(new WirelessModel(cell(1)).downlinkBits() - new WirelessModel(whole).downlinkBits())
        .isEqualTo((B * L * D + ADAPTERS_PER_LAYER) * 32);
  }

  @Test
  void aTrainingRunsWorkloadTakesTheCutAndTheLoadedModelsAdapters() {
    SimulationSettings settings =
        SimulationSettings.fromConfig(
            ConfigLoader.load(null, List.of("edgetune.model.device-layers=2")));
    Workload w = settings.wirelessFor(MINILM).workload();
    assertThat(w.deviceLayers()).isEqualTo(2);
    assertThat(w.deviceAdapterParameters()).isEqualTo((long) (2 * ADAPTERS_PER_LAYER));
    SimulationSettings wider =
        SimulationSettings.fromConfig(
            ConfigLoader.load(
                null,
                List.of(
                    "edgetune.model.device-layers=1",
                    "edgetune.model.lora.targets=[query, value, intermediate]")));
    // intermediate: 8 · (384 + 1536) more values.
    assertThat(wider.wirelessFor(MINILM).workload().deviceAdapterParameters())
        .isEqualTo((long) ADAPTERS_PER_LAYER + 8 * (384 + 1536));
    assertThat(
            SimulationSettings.fromConfig(ConfigLoader.load(null, List.of()))
                .wirelessFor(MINILM)
                .workload()
                .deviceAdapterParameters())
        .isZero();
  }

  @Test
  void theScheduleSimulatorsWorkloadTakesTheCutFromItsOwnKeys() {
    WirelessSettings two =
        WirelessSettings.from(
            ConfigFactory.parseString("edgetune.wireless.workload.device-layers = 2")
                .withFallback(ConfigFactory.defaultReference())
                .resolve());
    assertThat(two.workload().deviceLayers()).isEqualTo(2);
    assertThat(two.workload().deviceAdapterParameters()).isEqualTo((long) (2 * ADAPTERS_PER_LAYER));
    assertThatThrownBy(
            () ->
                WirelessSettings.from(
                    ConfigFactory.parseString("edgetune.wireless.workload.device-layers = 6")
                        .withFallback(ConfigFactory.defaultReference())
                        .resolve()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("edgetune.wireless.workload.device-layers");
  }

  private static WirelessSettings cell(int deviceLayers) {
    WirelessSettings defaults = WirelessSettings.from(ConfigFactory.defaultReference());
    return defaults.withWorkload(
        new Workload(
            B,
            (int) L,
            (int) D,
            6,
            (int) I,
            2,
            1,
            32,
            0,
            deviceLayers,
            (long) (deviceLayers * ADAPTERS_PER_LAYER)));
  }

  private static double noisePsd() {
    return Math.pow(10, (-174 - 30) / 10.0);
  }
}
