package org.edgetune.privacy;

import java.util.SplittableRandom;
import org.edgetune.model.EmbeddedBatch;
import org.edgetune.model.TensorPayload;
import org.edgetune.util.KeyedRandom;
import org.edgetune.util.KeyedSampling;
import org.edgetune.util.StreamPurpose;

/**
 * The defences a device applies just before it uploads (see {@link PrivacySettings}): Gaussian
 * noise on the embedding rows and on the feature-gradient rows. The noise of (device, round, step)
 * comes from streams keyed by all three, so a retried or resumed step uploads the same bytes.
 * Stateless.
 */
public final class DeviceDefences {

  private final PrivacySettings settings;
  private final long seed;

  public DeviceDefences(PrivacySettings settings, long seed) {
    this.settings = settings;
    this.seed = seed;
  }

  public PrivacySettings settings() {
    return settings;
  }

  /** The batch as uploaded: unchanged when uplink noise is off. */
  public EmbeddedBatch uplink(EmbeddedBatch batch, int device, long round, int step) {
    if (settings.uplinkNoise() == 0) {
      return batch;
    }
    TensorPayload x = batch.embeddings();
    int d = x.shape()[x.shape().length - 1];
    float[] values = x.toFloats();
    SplittableRandom random =
        KeyedRandom.stream(
            seed, StreamPurpose.UPLINK_NOISE, device, KeyedSampling.roundStep(round, step));
    for (int row = 0; row < values.length / d; row++) {
      double std = settings.uplinkNoise() * norm(values, row, d) / Math.sqrt(d);
      addNoise(values, row, d, std, random);
    }
    return new EmbeddedBatch(TensorPayload.of(values, x.shape()), batch.attentionMask());
  }

  /** The feature gradient [b, d] as uploaded: unchanged when gradient noise is off. */
  public TensorPayload featureGradient(TensorPayload gradient, int device, long round, int step) {
    if (settings.gradientNoise() == 0) {
      return gradient;
    }
    int d = gradient.shape()[gradient.shape().length - 1];
    float[] values = gradient.toFloats();
    int rows = values.length / d;
    double maxNorm = 0;
    for (int row = 0; row < rows; row++) {
      maxNorm = Math.max(maxNorm, norm(values, row, d));
    }
    double std = settings.gradientNoise() * maxNorm / Math.sqrt(d);
    SplittableRandom random =
        KeyedRandom.stream(
            seed, StreamPurpose.GRADIENT_NOISE, device, KeyedSampling.roundStep(round, step));
    for (int row = 0; row < rows; row++) {
      addNoise(values, row, d, std, random);
    }
    return TensorPayload.of(values, gradient.shape());
  }

  private static double norm(float[] values, int row, int d) {
    double sum = 0;
    for (int i = row * d; i < (row + 1) * d; i++) {
      sum += (double) values[i] * values[i];
    }
    return Math.sqrt(sum);
  }

  private static void addNoise(
      float[] values, int row, int d, double std, SplittableRandom random) {
    for (int i = row * d; i < (row + 1) * d; i++) {
      values[i] = (float) (values[i] + std * random.nextGaussian());
    }
  }
}
