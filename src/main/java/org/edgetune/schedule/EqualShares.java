package org.edgetune.schedule;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

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

  static int[] available(RoundInput input) {
    return input.reports().stream().filter(ChannelReport::available).mapToInt(ChannelReport::device).toArray();
  }
}
