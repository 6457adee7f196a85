package org.edgetune.schedule;

import com.typesafe.config.ConfigFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.edgetune.wireless.WirelessModel;
import org.edgetune.wireless.WirelessSettings;

/** Random but reproducible per-round situations for the schedule tests. */
final class RandomRounds {

  static final WirelessSettings WIRELESS = WirelessSettings.from(ConfigFactory.defaultReference());

  /**
   * The defaults with V fixed at 0.1 (the default, auto, rehearses; {@code AutoVTest} checks that).
   */
  static final ScheduleSettings SCHEDULE =
      ScheduleSettings.from(ConfigFactory.defaultReference()).withV(0.1);

  private RandomRounds() {}

  /** Reports of {@code k} devices at random distances, fading and CPU speeds. */
  static List<ChannelReport> reports(SplittableRandom random, int k) {
    List<ChannelReport> reports = new ArrayList<>(k);
    for (int d = 0; d < k; d++) {
      double distance = 50 + 450 * Math.sqrt(random.nextDouble());
      double fading = -Math.log1p(-random.nextDouble());
      double cpu = 0.5e9 + 1.5e9 * random.nextDouble();
      reports.add(new ChannelReport(d, WIRELESS.pathGain(distance) * fading, cpu, true));
    }
    return reports;
  }

  /** Queues with a mix of empty, small and large backlogs, as seen in real runs. */
  static EnergyQueues queues(SplittableRandom random, int k) {
    EnergyQueues q = new EnergyQueues(k, 0.03);
    double[] energy = new double[k];
    for (int d = 0; d < k; d++) {
      double u = random.nextDouble();
      energy[d] = u < 0.25 ? 0 : 0.03 + (u < 0.7 ? 0.1 : 0.6) * random.nextDouble();
    }
    q.update(energy);
    return q;
  }

  static WirelessModel model(double deadlineS) {
    return new WirelessModel(WIRELESS.withDeadline(deadlineS));
  }
}
