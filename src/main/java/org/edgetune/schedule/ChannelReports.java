package org.edgetune.schedule;

import java.util.ArrayList;
import java.util.List;
import org.edgetune.wireless.DeviceProfile;
import org.edgetune.wireless.Fading;

/** The reports every device of a simulated cell would send in a round: gains from keyed fading. */
public final class ChannelReports {

  private ChannelReports() {}

  public static List<ChannelReport> forRound(List<DeviceProfile> devices, long seed, long round) {
    List<ChannelReport> reports = new ArrayList<>(devices.size());
    for (DeviceProfile d : devices) {
      double gain = d.pathGain() * Fading.power(seed, d.id(), round);
      reports.add(new ChannelReport(d.id(), gain, d.cpuHz(), true));
    }
    return reports;
  }
}
