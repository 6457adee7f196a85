package org.edgetune.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import java.util.SplittableRandom;
import org.assertj.core.data.Offset;
import org.edgetune.config.ConfigException;
import org.edgetune.model.BertDims;
import org.edgetune.model.EmbeddedBatch;
import org.edgetune.model.TensorPayload;
import org.edgetune.sim.SimulationSettings;
import org.junit.jupiter.api.Test;

/** The noise defences: off means the same bytes, on means the configured relative scale, keyed. */
class DeviceDefencesTest {

  private static final int B = 4;
  private static final int L = 64;
  private static final int D = 384;
  private static final BertDims MINILM = new BertDims(6, D, 12, 1536, 30522, 512, 2);

  private final EmbeddedBatch batch = batch(new SplittableRandom(1));

  @Test
  void switchedOffTheUploadIsTheVeryPayload() {
    DeviceDefences off = new DeviceDefences(PrivacySettings.NONE, 42);
    assertThat(off.uplink(batch, 3, 7, 0)).isSameAs(batch);
    TensorPayload g =
        TensorPayload.of(LabelInferenceTest.gaussian(new SplittableRandom(2), B * D, 1), B, D);
    assertThat(off.featureGradient(g, 3, 7, 0)).isSameAs(g);
  }

  @Test
  void uplinkNoiseHasTheConfiguredNormRelativeToEachRow() {
    double sigma = 0.5;
    EmbeddedBatch noisy =
        new DeviceDefences(new PrivacySettings(sigma, 0, 20), 42).uplink(batch, 3, 7, 0);
    float[] x = batch.embeddings().toFloats();
    float[] y = noisy.embeddings().toFloats();
    assertThat(noisy.attentionMask()).isEqualTo(batch.attentionMask());
    double sumRatio = 0;
    for (int row = 0; row < B * L; row++) {
      double noise = 0;
      double norm = 0;
      for (int j = row * D; j < (row + 1) * D; j++) {
        noise += (y[j] - x[j]) * (double) (y[j] - x[j]);
        norm += x[j] * (double) x[j];
      }
      sumRatio += Math.sqrt(noise / norm);
    }
    // ‖n‖/‖x‖ is σ·χ_d/√d: mean σ(1 − 1/(4d)) ≈ σ, spread σ/√(2d) per row, over 256 rows ≈ 0.1%.
    assertThat(sumRatio / (B * L)).isCloseTo(sigma, Offset.offset(0.01));
  }

  @Test
  void gradientNoiseScalesWithTheLargestRowOfTheBatch() {
    float[] values = new float[B * D];
    for (int j = 0; j < D; j++) {
      values[j] = 1;
      values[D + j] = 2;
    }
    TensorPayload g = TensorPayload.of(values, B, D);
    float[] noisy =
        new DeviceDefences(new PrivacySettings(0, 1.0, 20), 42)
            .featureGradient(g, 0, 1, 0)
            .toFloats();
    double maxNorm = 2 * Math.sqrt(D);
    for (int row = 0; row < B; row++) {
      double noise = 0;
      for (int j = row * D; j < (row + 1) * D; j++) {
        noise += (noisy[j] - values[j]) * (double) (noisy[j] - values[j]);
      }
      // The same scale for every row, even the zero rows: σ·max‖g_i‖, within ±4 spreads of χ_d/√d.
      assertThat(Math.sqrt(noise) / maxNorm).isCloseTo(1.0, Offset.offset(4 / Math.sqrt(2.0 * D)));
    }
  }

  @Test
  void noiseIsKeyedByDeviceRoundAndStep() {
    DeviceDefences on = new DeviceDefences(new PrivacySettings(0.1, 0, 20), 42);
    assertThat(on.uplink(batch, 3, 7, 1)).isEqualTo(on.uplink(batch, 3, 7, 1));
    assertThat(on.uplink(batch, 3, 7, 1)).isNotEqualTo(on.uplink(batch, 3, 7, 2));
    assertThat(on.uplink(batch, 3, 7, 1)).isNotEqualTo(on.uplink(batch, 4, 7, 1));
    assertThat(on.uplink(batch, 3, 7, 1))
        .isNotEqualTo(
            new DeviceDefences(new PrivacySettings(0.1, 0, 20), 43).uplink(batch, 3, 7, 1));
  }

  @Test
  void defencesAreChargedAsDeviceFlopsAndOnlyWhenOn() {
    SimulationSettings off = settings("");
    SimulationSettings on =
        settings(
            "edgetune.privacy { uplink-noise = 0.5, gradient-noise = 0.2, noise-flops-per-value = 20 }");
    SimulationSettings upOnly = settings("edgetune.privacy.uplink-noise = 0.5");
    double base = off.wirelessFor(MINILM).cyclesPerSample();
    double cyclesPerFlop = off.wireless().compute().cyclesPerFlop();
    assertThat(off.wirelessFor(MINILM).workload().defenceFlopsPerSample()).isZero();
    assertThat(on.wirelessFor(MINILM).cyclesPerSample() - base)
        .isCloseTo(cyclesPerFlop * 20 * (64.0 * D + D), Offset.offset(1e-6 * base));
    assertThat(upOnly.wirelessFor(MINILM).cyclesPerSample() - base)
        .isCloseTo(cyclesPerFlop * 20 * 64.0 * D, Offset.offset(1e-6 * base));
  }

  @Test
  void badValuesNameTheirKey() {
    assertThatThrownBy(() -> settings("edgetune.privacy.uplink-noise = -1"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("edgetune.privacy.uplink-noise");
    assertThatThrownBy(() -> settings("edgetune.privacy.label-noise = 1"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("edgetune.privacy");
  }

  private static SimulationSettings settings(String overrides) {
    return SimulationSettings.fromConfig(
        ConfigFactory.parseString(overrides)
            .withFallback(ConfigFactory.defaultReference())
            .resolve());
  }

  private static EmbeddedBatch batch(SplittableRandom random) {
    float[] x = LabelInferenceTest.gaussian(random, B * L * D, 1);
    float[] mask = new float[B * L];
    java.util.Arrays.fill(mask, 1);
    return new EmbeddedBatch(TensorPayload.of(x, B, L, D), TensorPayload.of(mask, B, L));
  }
}
