package org.edgetune.experiment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One sweep of an experiment suite: the runs it needs (its cells, each run once per seed) and the
 * quantities it draws, one figure per metric.
 */
public sealed interface Sweep permits Sweep.Rounds, Sweep.Parameter, Sweep.Variants {

  /** Fields of {@code metrics.jsonl} a {@link Rounds} sweep can follow over the rounds. */
  List<String> ROUND_METRICS =
      List.of(
          "accuracy",
          "f1",
          "n_scheduled",
          "train_loss",
          "round_energy_j",
          "round_latency_s",
          "mean_backlog_j",
          "max_backlog_j",
          "objective",
          "reported",
          "guard_refusals");

  /**
   * Fields of {@code summary.json} a {@link Parameter} or {@link Variants} sweep can compare; an
   * array ({@code avg_energy_j}, per device) counts with its mean.
   */
  List<String> SUMMARY_METRICS =
      List.of(
          "final_accuracy",
          "final_f1",
          "avg_energy_j",
          "max_energy_ratio",
          "mean_energy_ratio",
          "total_energy_j",
          "mean_scheduled",
          "mean_round_latency_s",
          "rounds_to_90",
          "guard_refusals",
          "wall_seconds");

  /** Axis labels of the metrics whose field name is not self-explanatory. */
  Map<String, String> LABELS =
      Map.of(
          "n_scheduled", "devices scheduled N_t",
          "avg_energy_j", "energy per device and round (J)",
          "max_energy_ratio", "worst device's energy ÷ budget",
          "mean_energy_ratio", "mean device's energy ÷ budget",
          "mean_scheduled", "mean devices scheduled N_t",
          "round_energy_j", "energy of the round (J)");

  /** The axis label of a metric. */
  static String label(String metric) {
    return LABELS.getOrDefault(metric, metric.replace('_', ' '));
  }

  /** The fields a centralized run's summary has too. */
  /**
   * Fields of a run's {@code privacy.json} result a {@link Parameter} or {@link Variants} sweep of
   * an audited suite ({@code privacy-audit = true}) can compare: the strongest token attack's rates
   * and the label attacks'.
   */
  List<String> PRIVACY_METRICS =
      List.of(
          "token_recovery_rate",
          "texts_half_recovered_share",
          "gradient_label_recovery_rate",
          "feature_label_recovery_rate");

  List<String> CENTRALIZED_METRICS = List.of("final_accuracy", "final_f1", "wall_seconds");

  /** Unique within the suite; names the figures ({@code experiment-<name>-<metric>.png}). */
  String name();

  String title();

  List<String> metrics();

  /** Config overrides ({@code key → HOCON value}) for every run of the sweep. */
  Map<String, String> set();

  List<Cell> cells();

  /**
   * The series (a policy of a {@link Parameter} sweep, a label of a {@link Variants} sweep) every
   * other one is compared with seed by seed, or null for none.
   */
  default String reference() {
    return null;
  }

  /**
   * One point of a sweep, run once per seed.
   *
   * @param series the line or bar group it belongs to (a policy, a variant's label)
   * @param x its place on the x axis (a parameter value, a variant's label), null for per-round
   *     sweeps
   * @param xValue the numeric x of a parameter sweep (NaN otherwise)
   * @param overrides the sweep's overrides with the cell's own on top
   */
  record Cell(
      String series, String x, double xValue, boolean centralized, Map<String, String> overrides) {}

  /** A metric of {@code metrics.jsonl} against the round, one line per policy. */
  record Rounds(
      String name,
      String title,
      List<String> metrics,
      Map<String, String> set,
      List<String> policies)
      implements Sweep {

    @Override
    public List<Cell> cells() {
      return policies.stream()
          .map(p -> new Cell(p, null, Double.NaN, false, with(set, Map.of(POLICY, quoted(p)))))
          .toList();
    }
  }

  /** A summary metric against the values of one config key, one line per policy. */
  record Parameter(
      String name,
      String title,
      List<String> metrics,
      Map<String, String> set,
      List<String> policies,
      String key,
      List<Double> values,
      String reference)
      implements Sweep {

    @Override
    public List<Cell> cells() {
      List<Cell> cells = new ArrayList<>();
      for (String policy : policies) {
        for (double value : values) {
          String x = ExperimentSuite.canonical(value);
          cells.add(
              new Cell(policy, x, value, false, with(set, Map.of(POLICY, quoted(policy), key, x))));
        }
      }
      return cells;
    }
  }

  /**
   * A summary metric per variant (a labelled set of overrides, or the centralized reference): bars.
   */
  record Variants(
      String name,
      String title,
      List<String> metrics,
      Map<String, String> set,
      List<Variant> variants,
      String reference)
      implements Sweep {

    @Override
    public List<Cell> cells() {
      return variants.stream()
          .map(v -> new Cell(v.label(), v.label(), Double.NaN, v.centralized(), with(set, v.set())))
          .toList();
    }
  }

  /**
   * @param centralized run the centralized reference (no devices, no schedule) instead of a
   *     simulation
   */
  record Variant(String label, boolean centralized, Map<String, String> set) {}

  String POLICY = "edgetune.schedule.policy";

  private static Map<String, String> with(Map<String, String> base, Map<String, String> more) {
    Map<String, String> all = new LinkedHashMap<>(base);
    all.putAll(more);
    return all;
  }

  private static String quoted(String text) {
    return "\"" + text + "\"";
  }
}
