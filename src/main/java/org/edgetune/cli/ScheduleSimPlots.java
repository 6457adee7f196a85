package org.edgetune.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.edgetune.output.OutputDirectory;
import org.edgetune.report.Charts;
import org.edgetune.schedule.ScheduleSimulation;

/**
 * The schedule simulator's PNG plots. A plot draws at most {@link #MAX_POINTS} points per series,
 * whatever K and T (the chart library formats a tick label per x value, so a million points would
 * take hours): longer per-round series are averaged over equal buckets of rounds, and the ranked
 * energy of many devices is drawn at evenly spaced ranks; the plot's title says so.
 */
final class ScheduleSimPlots {

  /** Up to this many devices the energy plot has one bar pair per device; above, a ranked line. */
  private static final int MAX_BARS = 50;

  static final int MAX_POINTS = 2_000;

  private ScheduleSimPlots() {}

  static void write(OutputDirectory out, RunSeries s, ScheduleSimulation.Result r) {
    int rounds = s.rounds();
    int bucket = (rounds + MAX_POINTS - 1) / MAX_POINTS;
    String drawn = bucket == 1 ? "" : " (mean of every " + bucket + " rounds)";
    double[] x = bucketMeans(Charts.indices(rounds), bucket);
    Charts.savePng(
        Charts.lines(
            "Scheduled devices per round" + drawn,
            "round",
            "N_t",
            x,
            Map.of("scheduled", bucketMeans(s.scheduled(), bucket))),
        out.resolve("scheduled.png"));
    Map<String, double[]> queues = new LinkedHashMap<>();
    queues.put("mean backlog", bucketMeans(s.meanBacklog(), bucket));
    queues.put("max backlog", bucketMeans(s.maxBacklog(), bucket));
    Charts.savePng(
        Charts.lines("Virtual energy queues" + drawn, "round", "backlog (J)", x, queues),
        out.resolve("queues.png"));
    Map<String, double[]> shares = new LinkedHashMap<>();
    shares.put("min share", bucketMeans(s.minShare(), bucket));
    shares.put("mean share", bucketMeans(s.meanShare(), bucket));
    shares.put("max share", bucketMeans(s.maxShare(), bucket));
    Charts.savePng(
        Charts.lines(
            "Bandwidth shares of scheduled devices" + drawn, "round", "share of B", x, shares),
        out.resolve("shares.png"));
    Charts.savePng(
        Charts.lines(
            "Round latency" + drawn,
            "round",
            "latency (s)",
            x,
            Map.of("latency", bucketMeans(s.latency(), bucket))),
        out.resolve("latency.png"));
    energy(out, r);
  }

  /** The means of consecutive buckets of {@code size} values (the last bucket may be shorter). */
  static double[] bucketMeans(double[] values, int size) {
    if (size == 1) {
      return values;
    }
    double[] means = new double[(values.length + size - 1) / size];
    for (int b = 0; b < means.length; b++) {
      int from = b * size;
      int to = Math.min(values.length, from + size);
      double sum = 0;
      for (int i = from; i < to; i++) {
        sum += values[i];
      }
      means[b] = sum / (to - from);
    }
    return means;
  }

  /** At most {@code max} evenly spaced indices of {@code 0 .. n − 1}, first and last included. */
  static int[] evenlySpaced(int n, int max) {
    if (n <= max) {
      return java.util.stream.IntStream.range(0, n).toArray();
    }
    int[] picked = new int[max];
    for (int i = 0; i < max; i++) {
      picked[i] = (int) Math.round((double) i * (n - 1) / (max - 1));
    }
    return picked;
  }

  private static void energy(OutputDirectory out, ScheduleSimulation.Result r) {
    double[] avg = Arrays.stream(r.energyJ()).map(e -> e / r.rounds()).toArray();
    String title =
        "Average energy per round vs budget (max ratio "
            + String.format("%.3f", r.maxEnergyRatio())
            + ")";
    if (avg.length <= MAX_BARS) {
      List<String> devices = new ArrayList<>();
      List<Double> energy = new ArrayList<>();
      List<Double> budget = new ArrayList<>();
      for (int k = 0; k < avg.length; k++) {
        devices.add(Integer.toString(k));
        energy.add(avg[k]);
        budget.add(r.budgetPerRoundJ());
      }
      Map<String, List<Double>> series = new LinkedHashMap<>();
      series.put("average energy", energy);
      series.put("budget", budget);
      Charts.savePng(
          Charts.bars(title, "device", "J per round", devices, series), out.resolve("energy.png"));
      return;
    }
    double[] ascending = avg.clone();
    Arrays.sort(ascending);
    int[] ranks = evenlySpaced(ascending.length, MAX_POINTS);
    double[] x = new double[ranks.length];
    double[] ranked = new double[ranks.length];
    for (int i = 0; i < ranks.length; i++) {
      x[i] = ranks[i];
      ranked[i] = ascending[ascending.length - 1 - ranks[i]];
    }
    double[] budget = new double[ranks.length];
    Arrays.fill(budget, r.budgetPerRoundJ());
    Map<String, double[]> series = new LinkedHashMap<>();
    series.put("average energy", ranked);
    series.put("budget", budget);
    String drawn =
        ranks.length < avg.length
            ? ", " + ranks.length + " evenly spaced ranks of " + avg.length + " drawn"
            : "";
    Charts.savePng(
        Charts.lines(
            title, "device rank (highest energy first" + drawn + ")", "J per round", x, series),
        out.resolve("energy.png"));
  }
}
