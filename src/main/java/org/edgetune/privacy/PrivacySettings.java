package org.edgetune.privacy;

import com.typesafe.config.Config;
import org.edgetune.config.ConfigReader;

/**
 * The {@code edgetune.privacy} section: the defences a device applies to what it uploads, and what
 * they cost it. Both noise scales are relative, so one number means the same at any activation or
 * gradient magnitude; 0 switches a defence off, and then the uploaded bytes are exactly those of an
 * undefended run.
 *
 * @param uplinkNoise σ_x: each uploaded embedding row x gets N(0, (σ_x‖x‖₂)²/d · I), so the noise
 *     vector's expected squared norm is σ_x²‖x‖₂² (per row, because rows of one text differ in
 *     norm)
 * @param gradientNoise σ_g: each row of the uploaded feature gradient gets N(0,
 *     (σ_g·max_i‖g_i‖₂)²/d · I), isotropic noise scaled to the largest gradient row of the
 *     mini-batch (the "iso" defence of Li et al., ICLR 2022)
 * @param noiseFlopsPerValue device FLOPs to draw one Gaussian value, scale it and add it (norms
 *     included), charged per noised value in the energy and latency model
 * @param audit what {@code privacy-audit} trains its learned inversion on (no effect on training)
 */
public record PrivacySettings(
    double uplinkNoise, double gradientNoise, double noiseFlopsPerValue, AuditSettings audit) {

  public static final String SECTION = "edgetune.privacy";

  /** No defence: what every run did before the section existed. */
  public static final PrivacySettings NONE = new PrivacySettings(0, 0, 0);

  /** The defences alone, the audit's public text at its reference values. */
  public PrivacySettings(double uplinkNoise, double gradientNoise, double noiseFlopsPerValue) {
    this(uplinkNoise, gradientNoise, noiseFlopsPerValue, AuditSettings.DEFAULT);
  }

  public static PrivacySettings fromConfig(Config root) {
    ConfigReader r = new ConfigReader(root, SECTION);
    PrivacySettings settings =
        new PrivacySettings(
            r.doubleIn("uplink-noise", 0, 100),
            r.doubleIn("gradient-noise", 0, 100),
            r.doubleIn("noise-flops-per-value", 0, 1e4),
            AuditSettings.read(r.section("audit")));
    r.rejectUnknownKeys();
    return settings;
  }

  /**
   * Device FLOPs per training sample the defences add: the noised uplink values (L·d) and the
   * noised feature-gradient values (d), each at {@link #noiseFlopsPerValue}.
   */
  public double deviceFlopsPerSample(int sequenceLength, int hiddenSize) {
    double values =
        (uplinkNoise > 0 ? (double) sequenceLength * hiddenSize : 0)
            + (gradientNoise > 0 ? hiddenSize : 0);
    return values * noiseFlopsPerValue;
  }
}
