package org.edgetune.schedule;

import org.edgetune.wireless.DeviceProfile;
import org.edgetune.wireless.Fading;

/**
 * What a device tells the scheduler at the start of a round: its uplink gain h_k(t), its CPU
 * frequency (for compute time and energy) and whether it can take part at all. A device that did
 * not report in time appears as unavailable with gain 0.
 */
public record ChannelReport(int device, double gain, double cpuHz, boolean available) {

  /**
   * The report of {@code device} in {@code round}: its path gain times the round's keyed fading.
   * The one draw both engines make (the device actors and {@code schedule-sim}), so they agree.
   */
  public static ChannelReport of(DeviceProfile device, long seed, long round) {
    return new ChannelReport(
        device.id(),
        device.pathGain() * Fading.power(seed, device.id(), round),
        device.cpuHz(),
        true);
  }

  /** A device that cannot take part this round (no report in time, or down). */
  public static ChannelReport unavailable(int device) {
    return new ChannelReport(device, 0, 1, false);
  }
}
