package org.edgetune.schedule;

import java.util.ArrayList;
import java.util.List;
import org.edgetune.wireless.DeviceProfile;

/** The reports every device of a simulated cell would send in a round: gains from keyed fading. */
public final class ChannelReports {

  private ChannelReports() {}

  public static List<ChannelReport> forRound(List<DeviceProfile> devices, long seed, long round) {
    List<ChannelReport> reports = new ArrayList<>(devices.size());
    for (DeviceProfile d : devices) {
      reports.add(ChannelReport.of(d, seed, round));
    }
    return reports;
  }
}
