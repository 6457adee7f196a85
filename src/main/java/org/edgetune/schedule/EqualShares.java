package org.edgetune.schedule;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.edgetune.wireless.WirelessModel;

/** Grants for baselines that split the band equally among the devices they pick. */
final class EqualShares {

  private EqualShares() {}

  static RoundDecision of(int[] devices) {
    int[] sorted = devices.clone();
    Arrays.sort(sorted);
    List<Grant> grants = new ArrayList<>(sorted.length);
    for (int d : sorted) {
      grants.add(new Grant(d, 1.0 / sorted.length));
    }
    return new RoundDecision(grants, Double.NaN);
  }

  /**
   * Equal shares for the picked devices that can meet the deadline with one: the largest n such
   * that n of them need at most 1/n of the band, taking those that need the least (the others sit
   * the round out). Without a deadline, all of them.
   */
  static RoundDecision of(int[] devices, RoundInput input, WirelessModel model) {
    if (!model.settings().hasDeadline() || devices.length == 0) {
      return of(devices);
    }
    double[] need = new double[devices.length];
    for (int j = 0; j < devices.length; j++) {
      ChannelReport r = input.reports().get(devices[j]);
      need[j] =
          r.gain() > 0 ? model.minShareForDeadline(r.gain(), r.cpuHz()) : Double.POSITIVE_INFINITY;
    }
    int[] order = Ranking.ascending(need);
    int n = devices.length;
    while (n > 0 && !(need[order[n - 1]] <= 1.0 / n)) {
      n--;
    }
    int[] kept = new int[n];
    for (int j = 0; j < n; j++) {
      kept[j] = devices[order[j]];
    }
    return of(kept);
  }

  static int[] available(RoundInput input) {
    return input.reports().stream()
        .filter(ChannelReport::available)
        .mapToInt(ChannelReport::device)
        .toArray();
  }
}
