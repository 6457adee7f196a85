package org.edgetune.wireless;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;

/** The FLOP counts behind device cycles and server time, against hand counts. */
class WorkloadFlopsTest {

  @Test
  void encoderFlopsMatchAHandCountForATinyEncoder() {
    // b 2, L 4, d 8, N 2 layers, I 16. Per layer and sequence, multiply-adds as 2 FLOPs:
    //   Q, K, V, O: 4 matrices [L×d]·[d×d]     4 · 2·4·8·8   = 2048
    //   scores Q·Kᵀ [L×d]·[d×L], then ·V [L×L]·[L×d]  2·4·4·8 + 2·4·4·8 = 512
    //   FFN [L×d]·[d×I] and [L×I]·[I×d]       2·4·8·16 · 2  = 2048
    // = 4608 per layer, 9216 for two layers; a step on b = 2 sequences, backward = 1 forward:
    // 36864.
    Workload w = new Workload(2, 4, 8, 2, 16, 2, 1, 32);
    assertThat(w.encoderForwardFlopsPerSample()).isEqualTo(9216);
    assertThat(w.serverFlopsPerStep(1)).isEqualTo(36864);
    assertThat(w.serverFlopsPerStep(0)).isEqualTo(18432);
  }

  @Test
  void deviceFlopsMatchAHandCount() {
    // Embeddings: L·d values at 10 FLOPs each = 4·8·10 = 320; head forward 2·d·C + C = 2·8·2 + 2 =
    // 34,
    // forward and backward (factor 2): 3 · 34 = 102; 422 in all. Layers and FFN width do not enter.
    assertThat(new Workload(2, 4, 8, 2, 16, 2, 1, 32).deviceFlopsPerSample(10, 2, 1))
        .isEqualTo(422);
    assertThat(new Workload(2, 4, 8, 12, 64, 2, 1, 32).deviceFlopsPerSample(10, 2, 1))
        .isEqualTo(422);
  }

  @Test
  void theDefaultCellKeepsTheServerTimeAndDeviceCyclesOfTheConstantsItReplaced() {
    WirelessSettings defaults = WirelessSettings.from(ConfigFactory.defaultReference());
    // Before the server time followed the model it was the constant server-seconds-per-step = 0.2
    // s;
    // the device's cycles per sample were 64·384·10 + 3·(2·384·2 + 2) = 250374. Both exactly.
    assertThat(defaults.serverSecondsPerStep()).isEqualTo(0.2);
    assertThat(new WirelessModel(defaults).serverLatencyS()).isEqualTo(0.2);
    assertThat(defaults.cyclesPerSample()).isEqualTo(250374);
    // MiniLM-L6 at b 16, L 64: 6 · 16 · 64·384·(8·384 + 4·64 + 4·1536) · 2 FLOPs.
    assertThat(defaults.workload().serverFlopsPerStep(1)).isEqualTo(44_694_503_424.0);
  }

  @Test
  void serverTimeFollowsLayersWidthAndSequenceLength() {
    WirelessSettings defaults = WirelessSettings.from(ConfigFactory.defaultReference());
    // Twelve layers (bge-small) take twice as long; three layers half as long.
    assertThat(
            defaults
                .withWorkload(new Workload(16, 64, 384, 12, 1536, 2, 1, 32))
                .serverSecondsPerStep())
        .isEqualTo(0.4);
    assertThat(
            defaults
                .withWorkload(new Workload(16, 64, 384, 3, 1536, 2, 1, 32))
                .serverSecondsPerStep())
        .isEqualTo(0.1);
    // L 128: 6·16·128·384·(8·384 + 4·128 + 4·1536)·2 = 91804925952 FLOPs (attention's L² term
    // grows).
    assertThat(
            defaults
                .withWorkload(new Workload(16, 128, 384, 6, 1536, 2, 1, 32))
                .serverSecondsPerStep())
        .isCloseTo(91_804_925_952.0 / 223_472_517_120.0, within(1e-15));
  }
}
