package org.edgetune.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.edgetune.output.OutputDirectory;
import org.edgetune.sim.RoundRecord;
import org.edgetune.sim.RunResult;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * The plots and the self-contained {@code report.html} of one simulation: accuracy, N_t, per-device
 * average energy against the budget, queue backlog and bandwidth shares.
 */
public final class SimulationReport {

  private SimulationReport() {}

  public static void write(
      OutputDirectory out,
      String title,
      Map<String, Object> summary,
      RunResult result,
      double budgetJ) {
    List<RoundRecord> rounds = result.rounds();
    HtmlReport html = new HtmlReport(title).keyValues("Summary", printable(summary));

    List<Double> evalRounds = new ArrayList<>();
    List<Double> accuracy = new ArrayList<>();
    List<Double> f1 = new ArrayList<>();
    for (RoundRecord r : rounds) {
      if (r.accuracy() != null) {
        evalRounds.add((double) r.round() + 1);
        accuracy.add(r.accuracy());
        f1.add(r.f1());
      }
    }
    double[] x = rounds.stream().mapToDouble(r -> r.round() + 1).toArray();
    if (!evalRounds.isEmpty()) {
      figure(
          out,
          html,
          "accuracy.png",
          "Test accuracy and F1 against rounds",
          Charts.lines(
              "Test accuracy",
              "round",
              "score",
              toArray(evalRounds),
              Map.of("accuracy", toArray(accuracy), "F1", toArray(f1))));
    }
    figure(
        out,
        html,
        "scheduled.png",
        "Devices scheduled per round N_t",
        Charts.lines(
            "Scheduled devices N_t",
            "round",
            "devices",
            x,
            Map.of("N_t", rounds.stream().mapToDouble(RoundRecord::nScheduled).toArray())));
    double[] average = result.energyTotalsJ();
    List<String> devices = new ArrayList<>();
    List<Double> avg = new ArrayList<>();
    List<Double> budget = new ArrayList<>();
    for (int k = 0; k < average.length; k++) {
      devices.add(Integer.toString(k));
      avg.add(average[k] / rounds.size());
      budget.add(budgetJ);
    }
    Map<String, List<Double>> energySeries = new LinkedHashMap<>();
    energySeries.put("average energy per round", avg);
    energySeries.put("budget", budget);
    figure(
        out,
        html,
        "energy.png",
        "Per-device average energy per round against the budget Ē",
        Charts.bars("Average energy vs budget", "device", "J per round", devices, energySeries));
    Map<String, double[]> backlog = new LinkedHashMap<>();
    backlog.put("mean Q_k", rounds.stream().mapToDouble(RoundRecord::meanBacklogJ).toArray());
    backlog.put("max Q_k", rounds.stream().mapToDouble(RoundRecord::maxBacklogJ).toArray());
    figure(
        out,
        html,
        "queues.png",
        "Virtual energy queue backlog",
        Charts.lines("Queue backlog", "round", "J", x, backlog));
    Map<String, double[]> shares = new LinkedHashMap<>();
    shares.put(
        "max share",
        rounds.stream()
            .mapToDouble(r -> r.shares().stream().mapToDouble(Double::doubleValue).max().orElse(0))
            .toArray());
    shares.put(
        "min share",
        rounds.stream()
            .mapToDouble(r -> r.shares().stream().mapToDouble(Double::doubleValue).min().orElse(0))
            .toArray());
    figure(
        out,
        html,
        "shares.png",
        "Bandwidth shares of the scheduled devices (largest and smallest per round)",
        Charts.lines("Bandwidth shares", "round", "share of B", x, shares));
    out.writeText("report.html", html.render());
  }

  /** Saves the chart as a PNG beside the report and embeds the same bytes in it. */
  static void figure(
      OutputDirectory out, HtmlReport html, String file, String caption, Chart<?, ?> chart) {
    Path png = out.resolve(file);
    Charts.savePng(chart, png);
    try {
      html.figure(caption, Files.readAllBytes(png));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Map<String, Object> printable(Map<String, Object> summary) {
    Map<String, Object> shown = new LinkedHashMap<>(summary);
    shown.remove("avg_energy_j");
    return shown;
  }

  private static double[] toArray(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).toArray();
  }
}
