package org.edgetune.model;

import ai.djl.ndarray.NDArray;
import java.util.SplittableRandom;

/**
 * Inverted dropout on the inputs of the adapter branches. Masks come from one keyed stream drawn in
 * a fixed order (layer by layer, targets in order), so the same key gives the same masks in the
 * monolithic and the split pipeline and in every rerun.
 */
final class LoraDropout {

  static final LoraDropout NONE = new LoraDropout(0, null);

  private final double p;
  private final SplittableRandom random;

  private LoraDropout(double p, SplittableRandom random) {
    this.p = p;
    this.random = random;
  }

  /** Dropout for one training step, drawing from the stream keyed by {@code key}. */
  static LoraDropout training(double p, long key) {
    return p == 0 ? NONE : new LoraDropout(p, new SplittableRandom(key));
  }

  NDArray apply(NDArray x) {
    if (random == null) {
      return x;
    }
    float keep = (float) (1 / (1 - p));
    float[] mask = new float[Math.toIntExact(x.size())];
    for (int i = 0; i < mask.length; i++) {
      mask[i] = random.nextDouble() < p ? 0f : keep;
    }
    return x.mul(x.getManager().create(mask, x.getShape()));
  }
}
