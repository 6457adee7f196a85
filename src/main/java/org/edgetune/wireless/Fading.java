package org.edgetune.wireless;

import org.edgetune.util.KeyedRandom;
import org.edgetune.util.StreamPurpose;

/** Block Rayleigh fading: |g|² ~ Exp(1), independent per device and round, keyed by both. */
public final class Fading {

  private Fading() {}

  public static double power(long seed, int device, long round) {
    double u = KeyedRandom.stream(seed, StreamPurpose.FADING, device, round).nextDouble();
    return -Math.log1p(-u);
  }

  /** Uplink gain h_k(t) = path gain · |g_k(t)|² for every device of the cell in round t. */
  public static double[] gains(java.util.List<DeviceProfile> devices, long seed, long round) {
    double[] h = new double[devices.size()];
    for (DeviceProfile d : devices) {
      h[d.id()] = d.pathGain() * power(seed, d.id(), round);
    }
    return h;
  }
}
