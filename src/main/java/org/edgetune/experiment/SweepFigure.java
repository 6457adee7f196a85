package org.edgetune.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.StreamSupport;

/**
 * The numbers behind one figure of a suite: one metric of one sweep, per series and x, over the
 * seeds, read back from the runs' {@code summary.json} and {@code metrics.jsonl} (so runs finished
 * by an earlier, interrupted invocation count like the others).
 *
 * @param name the file name without prefix and extension: sweep name and metric
 * @param metric the field of {@code summary.json} or {@code metrics.jsonl} shown
 * @param categorical whether x is a category (variants, drawn as points) rather than a number
 * @param logX whether the x values span a decade or more (drawn on a log axis)
 * @param reference the series the others are compared with seed by seed ({@link #differences()}),
 *     or null
 */
public record SweepFigure(
    String name,
    String metric,
    String title,
    String xTitle,
    String yTitle,
    boolean categorical,
    boolean logX,
    List<Long> seeds,
    List<Row> rows,
    String reference) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * One point: the metric at x for each seed (NaN where a run lacks it) and its interval.
   *
   * @param x the x as written in the CSV (a round, a parameter value, a variant label)
   */
  public record Row(
      String series, String x, double xValue, double[] perSeed, ConfidenceInterval ci) {}

  /**
   * A row's paired difference to the reference at the same x: per seed, the row's value minus the
   * reference's (NaN where either lacks it), and the interval of those differences. Pairing takes
   * out what a seed does to every policy alike (placement, fading, test split), so the interval is
   * narrower than the two rows' own intervals suggest.
   */
  public record Difference(Row row, double[] perSeed, ConfidenceInterval ci) {

    /** Whether the 95% interval excludes 0. */
    public boolean excludesZero() {
      return !Double.isNaN(ci.halfWidth()) && (ci.low() > 0 || ci.high() < 0);
    }
  }

  /** The figures of a sweep, one per metric, from the run directories under {@code runsDir}. */
  public static List<SweepFigure> of(Sweep sweep, ExperimentPlan plan, Path runsDir) {
    List<SweepFigure> figures = new ArrayList<>();
    for (String metric : sweep.metrics()) {
      List<Row> rows = new ArrayList<>();
      String xTitle;
      boolean logX = false;
      if (sweep instanceof Sweep.Rounds) {
        xTitle = "round";
        plan.cells(sweep).forEach(c -> rows.addAll(perRound(c, metric, runsDir)));
      } else {
        plan.cells(sweep)
            .forEach(
                c ->
                    rows.add(
                        row(
                            c.cell().series(),
                            c.cell().x(),
                            c.cell().xValue(),
                            c.bySeed().stream()
                                .mapToDouble(r -> summaryValue(runsDir.resolve(r.id()), metric))
                                .toArray())));
        if (sweep instanceof Sweep.Parameter parameter) {
          xTitle = parameter.key().substring(parameter.key().lastIndexOf('.') + 1);
          double min =
              parameter.values().stream().mapToDouble(Double::doubleValue).min().orElseThrow();
          double max =
              parameter.values().stream().mapToDouble(Double::doubleValue).max().orElseThrow();
          logX = min > 0 && max / min >= 10;
        } else {
          xTitle = "";
        }
      }
      figures.add(
          new SweepFigure(
              sweep.name() + "-" + metric.replace('_', '-'),
              metric,
              sweep.title(),
              xTitle,
              Sweep.label(metric),
              sweep instanceof Sweep.Variants,
              logX,
              plan.seeds(),
              List.copyOf(rows),
              sweep.reference()));
    }
    return figures;
  }

  /**
   * Whether the metric is a score in [0, 1] (accuracy, F1); every metric a suite can draw is
   * non-negative.
   */
  public boolean score() {
    return metric.contains("accuracy") || metric.contains("f1");
  }

  /**
   * Every row's paired difference to the reference (the reference's own rows left out): for
   * variants the reference is a variant, for a parameter sweep the reference policy at the same
   * value. Empty without a reference.
   */
  public List<Difference> differences() {
    if (reference == null) {
      return List.of();
    }
    List<Difference> differences = new ArrayList<>();
    for (Row row : rows) {
      Row base = referenceOf(row);
      if (base == null || base == row) {
        continue;
      }
      double[] perSeed = new double[row.perSeed().length];
      for (int i = 0; i < perSeed.length; i++) {
        perSeed[i] = row.perSeed()[i] - base.perSeed()[i];
      }
      differences.add(new Difference(row, perSeed, ConfidenceInterval.of(perSeed)));
    }
    return differences;
  }

  private Row referenceOf(Row row) {
    return rows.stream()
        .filter(
            r ->
                categorical
                    ? r.x().equals(reference)
                    : r.series().equals(reference) && r.x().equals(row.x()))
        .findFirst()
        .orElse(null);
  }

  /** The rows of one series. */
  public List<Row> series(String series) {
    return rows.stream().filter(r -> r.series().equals(series)).toList();
  }

  /** The series in order of first appearance. */
  public List<String> seriesNames() {
    return rows.stream().map(Row::series).distinct().toList();
  }

  private static List<Row> perRound(ExperimentPlan.CellRuns cell, String metric, Path runsDir) {
    List<double[]> byRun = new ArrayList<>();
    SortedSet<Integer> rounds = new TreeSet<>();
    for (ExperimentPlan.PlannedRun run : cell.bySeed()) {
      double[] values = roundValues(runsDir.resolve(run.id()), metric);
      byRun.add(values);
      for (int t = 0; t < values.length; t++) {
        if (!Double.isNaN(values[t])) {
          rounds.add(t + 1);
        }
      }
    }
    List<Row> rows = new ArrayList<>();
    for (int round : rounds) {
      double[] perSeed =
          byRun.stream().mapToDouble(v -> round <= v.length ? v[round - 1] : Double.NaN).toArray();
      rows.add(row(cell.cell().series(), Integer.toString(round), round, perSeed));
    }
    return rows;
  }

  private static Row row(String series, String x, double xValue, double[] perSeed) {
    return new Row(series, x, xValue, perSeed, ConfidenceInterval.of(perSeed));
  }

  /**
   * A field of the run's summary (of its privacy audit's result for {@link Sweep#PRIVACY_METRICS});
   * an array counts with its mean, a missing or null field as NaN.
   */
  static double summaryValue(Path runDir, String metric) {
    JsonNode value =
        Sweep.PRIVACY_METRICS.contains(metric)
            ? read(runDir.resolve("privacy.json")).path("result").get(metric)
            : read(runDir.resolve("summary.json")).get(metric);
    if (value == null || value.isNull()) {
      return Double.NaN;
    }
    if (value.isArray()) {
      return StreamSupport.stream(value.spliterator(), false)
          .mapToDouble(JsonNode::asDouble)
          .average()
          .orElse(Double.NaN);
    }
    return value.asDouble();
  }

  /** A field of every line of the run's metrics (index = round), NaN in rounds that lack it. */
  static double[] roundValues(Path runDir, String metric) {
    List<String> lines;
    try {
      lines = Files.readAllLines(runDir.resolve("metrics.jsonl"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + runDir.resolve("metrics.jsonl"), e);
    }
    double[] values = new double[lines.size()];
    for (int i = 0; i < lines.size(); i++) {
      try {
        JsonNode line = JSON.readTree(lines.get(i));
        JsonNode value = line.get(metric);
        values[line.get("round").asInt()] =
            value == null || value.isNull() ? Double.NaN : value.asDouble();
      } catch (IOException e) {
        throw new UncheckedIOException(
            "line " + (i + 1) + " of " + runDir.resolve("metrics.jsonl") + " is not JSON", e);
      }
    }
    return values;
  }

  private static JsonNode read(Path file) {
    try {
      return JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
