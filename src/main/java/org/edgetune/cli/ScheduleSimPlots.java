package org.edgetune.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.edgetune.report.Charts;
import org.edgetune.report.OutputDirectory;
import org.edgetune.schedule.ScheduleSimulation;

/** The schedule simulator's PNG plots. */
final class ScheduleSimPlots {

  /** Up to this many devices the energy plot has one bar pair per device; above, a ranked line. */
  private static final int MAX_BARS = 50;

  private ScheduleSimPlots() {}

  static void write(OutputDirectory out, RunSeries s, ScheduleSimulation.Result r) {
    double[] x = Charts.indices(s.rounds());
    Charts.savePng(Charts.lines("Scheduled devices per round", "round", "N_t", x,
        Map.of("scheduled", s.scheduled())), out.resolve("scheduled.png"));
    Map<String, double[]> queues = new LinkedHashMap<>();
    queues.put("mean backlog", s.meanBacklog());
    queues.put("max backlog", s.maxBacklog());
    Charts.savePng(Charts.lines("Virtual energy queues", "round", "backlog (J)", x, queues),
        out.resolve("queues.png"));
    Map<String, double[]> shares = new LinkedHashMap<>();
    shares.put("min share", s.minShare());
    shares.put("mean share", s.meanShare());
    shares.put("max share", s.maxShare());
    Charts.savePng(Charts.lines("Bandwidth shares of scheduled devices", "round", "share of B", x, shares),
        out.resolve("shares.png"));
    Charts.savePng(Charts.lines("Round latency", "round", "latency (s)", x, Map.of("latency", s.latency())),
        out.resolve("latency.png"));
    energy(out, r);
  }

  private static void energy(OutputDirectory out, ScheduleSimulation.Result r) {
    double[] avg = Arrays.stream(r.energyJ()).map(e -> e / r.rounds()).toArray();
    String title = "Average energy per round vs budget (max ratio " + String.format("%.3f", r.maxEnergyRatio()) + ")";
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
      Charts.savePng(Charts.bars(title, "device", "J per round", devices, series), out.resolve("energy.png"));
      return;
    }
    double[] ranked = avg.clone();
    Arrays.sort(ranked);
    for (int i = 0; i < ranked.length / 2; i++) {
      double t = ranked[i];
      ranked[i] = ranked[ranked.length - 1 - i];
      ranked[ranked.length - 1 - i] = t;
    }
    double[] budget = new double[ranked.length];
    Arrays.fill(budget, r.budgetPerRoundJ());
    Map<String, double[]> series = new LinkedHashMap<>();
    series.put("average energy", ranked);
    series.put("budget", budget);
    Charts.savePng(Charts.lines(title, "device rank (highest energy first)", "J per round",
        Charts.indices(ranked.length), series), out.resolve("energy.png"));
  }
}
