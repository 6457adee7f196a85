package org.edgetune.cli;

import java.util.Arrays;
import org.edgetune.schedule.Grant;
import org.edgetune.schedule.RoundOutcome;

/** Per-round figures of a schedule simulation kept for the plots. */
final class RunSeries {

  private final double[] scheduled;
  private final double[] meanBacklog;
  private final double[] maxBacklog;
  private final double[] minShare;
  private final double[] meanShare;
  private final double[] maxShare;
  private final double[] latency;
  private int rounds;

  RunSeries(int capacity) {
    scheduled = new double[capacity];
    meanBacklog = new double[capacity];
    maxBacklog = new double[capacity];
    minShare = new double[capacity];
    meanShare = new double[capacity];
    maxShare = new double[capacity];
    latency = new double[capacity];
  }

  void record(RoundOutcome o) {
    int t = rounds++;
    scheduled[t] = o.scheduled();
    meanBacklog[t] = o.meanBacklogJ();
    maxBacklog[t] = o.maxBacklogJ();
    latency[t] = o.roundLatencyS();
    double min = o.grants().isEmpty() ? 0 : Double.POSITIVE_INFINITY;
    double max = 0;
    double sum = 0;
    for (Grant g : o.grants()) {
      min = Math.min(min, g.share());
      max = Math.max(max, g.share());
      sum += g.share();
    }
    minShare[t] = min;
    maxShare[t] = max;
    meanShare[t] = o.grants().isEmpty() ? 0 : sum / o.grants().size();
  }

  int rounds() {
    return rounds;
  }

  double[] scheduled() {
    return Arrays.copyOf(scheduled, rounds);
  }

  double[] meanBacklog() {
    return Arrays.copyOf(meanBacklog, rounds);
  }

  double[] maxBacklog() {
    return Arrays.copyOf(maxBacklog, rounds);
  }

  double[] minShare() {
    return Arrays.copyOf(minShare, rounds);
  }

  double[] meanShare() {
    return Arrays.copyOf(meanShare, rounds);
  }

  double[] maxShare() {
    return Arrays.copyOf(maxShare, rounds);
  }

  double[] latency() {
    return Arrays.copyOf(latency, rounds);
  }
}
