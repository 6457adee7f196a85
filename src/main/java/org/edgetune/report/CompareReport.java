package org.edgetune.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.edgetune.output.OutputDirectory;
import org.edgetune.sim.RoundRecord;
import org.edgetune.sim.RunResult;
import org.knowm.xchart.XYChart;

/** The overlaid report of a paired policy comparison: curves per policy and a table of outcomes. */
public final class CompareReport {

  private CompareReport() {}

  public static void write(
      OutputDirectory out,
      Map<String, Map<String, Object>> summaries,
      Map<String, RunResult> results) {
    HtmlReport html = new HtmlReport("EdgeTune policy comparison (paired draws)");
    List<List<?>> rows = new ArrayList<>();
    summaries.forEach(
        (policy, s) ->
            rows.add(
                List.of(
                    policy,
                    s.get("final_accuracy"),
                    s.get("final_f1"),
                    s.get("max_energy_ratio"),
                    s.get("mean_scheduled"),
                    String.valueOf(s.get("rounds_to_90")))));
    html.table(
        "Outcomes",
        List.of(
            "policy",
            "final accuracy",
            "final F1",
            "max energy ratio",
            "mean N_t",
            "rounds to 90%"),
        rows);

    XYChart accuracy = Charts.lines("Test accuracy", "round", "accuracy", new double[0], Map.of());
    XYChart scheduled =
        Charts.lines("Scheduled devices N_t", "round", "devices", new double[0], Map.of());
    results.forEach(
        (policy, result) -> {
          List<RoundRecord> evaluated =
              result.rounds().stream().filter(r -> r.accuracy() != null).toList();
          if (!evaluated.isEmpty()) {
            accuracy.addSeries(
                policy,
                evaluated.stream().mapToDouble(r -> r.round() + 1).toArray(),
                evaluated.stream().mapToDouble(RoundRecord::accuracy).toArray());
          }
          scheduled.addSeries(
              policy,
              result.rounds().stream().mapToDouble(r -> r.round() + 1).toArray(),
              result.rounds().stream().mapToDouble(RoundRecord::nScheduled).toArray());
        });
    // The charts start empty, so the helper hid their legends; one series per policy needs them.
    accuracy.getStyler().setLegendVisible(true);
    scheduled.getStyler().setLegendVisible(true);
    SimulationReport.figure(
        out, html, "compare-accuracy.png", "Test accuracy against rounds, per policy", accuracy);
    SimulationReport.figure(
        out, html, "compare-scheduled.png", "Devices scheduled per round, per policy", scheduled);

    Map<String, List<Double>> ratios = new LinkedHashMap<>();
    List<String> policies = new ArrayList<>(summaries.keySet());
    ratios.put(
        "max energy ratio",
        policies.stream().map(p -> (Double) summaries.get(p).get("max_energy_ratio")).toList());
    ratios.put(
        "mean energy ratio",
        policies.stream().map(p -> (Double) summaries.get(p).get("mean_energy_ratio")).toList());
    SimulationReport.figure(
        out,
        html,
        "compare-energy.png",
        "Average energy per round ÷ budget (1 = on budget)",
        Charts.bars("Energy against budget", "policy", "ratio", policies, ratios));
    out.writeText("report.html", html.render());
  }
}
