package org.edgetune.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.edgetune.experiment.ConfidenceInterval;
import org.edgetune.experiment.SweepFigure;
import org.edgetune.experiment.SweepFigure.Difference;
import org.edgetune.experiment.SweepFigure.Row;
import org.edgetune.output.OutputDirectory;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.AxesChartStyler;

/**
 * The outputs of an experiment suite: per figure a PNG ({@code experiment-<name>.png}, mean over
 * the seeds with 95% confidence intervals as error bars) and the CSV of its numbers beside it, both
 * in the output directory and optionally copied to a figures directory; a self-contained {@code
 * report.html} embedding them with a table each; and a plain-text summary table.
 */
public final class ExperimentReport {

  public static final String PREFIX = "experiment-";

  private ExperimentReport() {}

  /** The files a suite's figures take in a figures directory: a PNG and a CSV per figure. */
  public static List<String> figureFiles(List<SweepFigure> figures) {
    List<String> files = new ArrayList<>();
    for (SweepFigure figure : figures) {
      files.add(baseName(figure) + ".png");
      files.add(baseName(figure) + ".csv");
    }
    return List.copyOf(files);
  }

  /** A figure's file name without its extension: {@code experiment-<name>}. */
  private static String baseName(SweepFigure figure) {
    return PREFIX + figure.name();
  }

  /**
   * @param figuresDir where the PNG and CSV files are copied as well (the README's figures), or
   *     null
   * @return the summary tables as plain text (also written to {@code summary.txt})
   */
  public static String write(
      OutputDirectory out,
      Path figuresDir,
      String title,
      List<String> intro,
      List<SweepFigure> figures) {
    HtmlReport html = new HtmlReport(title);
    intro.forEach(html::paragraph);
    StringBuilder text = new StringBuilder();
    for (SweepFigure figure : figures) {
      String base = baseName(figure);
      String caption =
          figure.title()
              + " ("
              + figure.yTitle()
              + "): mean over "
              + figure.seeds().size()
              + " paired seeds "
              + figure.seeds()
              + "; error bars are 95% confidence intervals (Student t, df = n − 1).";
      SimulationReport.figure(out, html, base + ".png", caption, chart(figure));
      List<Difference> differences = figure.differences();
      byte[] csv = csv(figure, differences).getBytes(StandardCharsets.UTF_8);
      OutputDirectory.writeAtomically(out.resolve(base + ".csv"), csv);
      if (figuresDir != null) {
        OutputDirectory.writeAtomically(
            figuresDir.resolve(base + ".png"), readAll(out.resolve(base + ".png")));
        OutputDirectory.writeAtomically(figuresDir.resolve(base + ".csv"), csv);
      }
      List<String> header = header(figure);
      List<List<String>> rows = table(figure);
      html.table(base, header, new ArrayList<>(rows));
      text.append(render(base + ": " + figure.title() + " — " + figure.yTitle(), header, rows));
      if (!differences.isEmpty()) {
        String heading =
            base
                + ": paired difference to "
                + figure.reference()
                + " (per seed, then over the seeds)";
        List<String> differenceHeader = differenceHeader(figure);
        List<List<String>> differenceRows = differenceTable(figure, differences);
        html.table(heading, differenceHeader, new ArrayList<>(differenceRows));
        text.append(render(heading, differenceHeader, differenceRows));
      }
    }
    out.writeText("report.html", html.render());
    out.writeText("summary.txt", text.toString());
    return text.toString();
  }

  /**
   * With few seeds an interval can reach past what the metric can take (t₀.₉₇₅ is 12.7 for two
   * seeds); the y axis stops at 0, and at 1 for scores, so such a bar does not flatten the means.
   */
  private static Chart<?, ?> chart(SweepFigure figure) {
    Chart<?, ?> chart = plot(figure);
    AxesChartStyler styler = (AxesChartStyler) chart.getStyler();
    double low =
        figure.rows().stream()
            .mapToDouble(r -> Double.isNaN(r.ci().low()) ? r.ci().mean() : r.ci().low())
            .min()
            .orElse(0);
    double high =
        figure.rows().stream()
            .mapToDouble(r -> Double.isNaN(r.ci().high()) ? r.ci().mean() : r.ci().high())
            .max()
            .orElse(0);
    if (low < 0) {
      styler.setYAxisMin(0.0);
    }
    if (figure.score() && high > 1) {
      styler.setYAxisMax(1.0);
    }
    return chart;
  }

  private static Chart<?, ?> plot(SweepFigure figure) {
    if (figure.categorical()) {
      List<Row> rows = figure.rows();
      return Charts.pointsWithErrorBars(
          figure.title(),
          figure.yTitle(),
          rows.stream().map(Row::x).toList(),
          rows.stream().mapToDouble(r -> r.ci().mean()).toArray(),
          rows.stream().mapToDouble(r -> r.ci().halfWidth()).toArray());
    }
    Map<String, double[][]> series = new LinkedHashMap<>();
    for (String name : figure.seriesNames()) {
      List<Row> rows = figure.series(name);
      series.put(
          name,
          new double[][] {
            rows.stream().mapToDouble(Row::xValue).toArray(),
            rows.stream().mapToDouble(r -> r.ci().mean()).toArray(),
            rows.stream().mapToDouble(r -> r.ci().halfWidth()).toArray()
          });
    }
    return Charts.linesWithErrorBars(
        figure.title(), figure.xTitle(), figure.yTitle(), figure.logX(), series);
  }

  /**
   * {@code series,x,n,mean,ci95_half_width,ci95_low,ci95_high,seed <s>...}, and with a reference
   * {@code difference to <reference>,difference_ci95_half_width} (empty in the reference's rows);
   * empty cells for NaN.
   */
  static String csv(SweepFigure figure, List<Difference> differences) {
    StringBuilder csv =
        new StringBuilder(
            "series,"
                + (figure.categorical() ? "variant" : figure.xTitle())
                + ",n,mean,ci95_half_width,ci95_low,ci95_high");
    figure.seeds().forEach(s -> csv.append(",seed ").append(s));
    Map<Row, Difference> byRow = new IdentityHashMap<>();
    differences.forEach(d -> byRow.put(d.row(), d));
    if (figure.reference() != null) {
      csv.append(',')
          .append(quoted("difference to " + figure.reference()))
          .append(",difference_ci95_half_width");
    }
    csv.append('\n');
    for (Row row : figure.rows()) {
      csv.append(quoted(row.series()))
          .append(',')
          .append(quoted(row.x()))
          .append(',')
          .append(row.ci().n());
      for (double v :
          new double[] {row.ci().mean(), row.ci().halfWidth(), row.ci().low(), row.ci().high()}) {
        csv.append(',').append(number(v));
      }
      for (double v : row.perSeed()) {
        csv.append(',').append(number(v));
      }
      if (figure.reference() != null) {
        Difference d = byRow.get(row);
        csv.append(',').append(d == null ? "" : number(d.ci().mean()));
        csv.append(',').append(d == null ? "" : number(d.ci().halfWidth()));
      }
      csv.append('\n');
    }
    return csv.toString();
  }

  private static List<String> differenceHeader(SweepFigure figure) {
    return figure.categorical()
        ? List.of("variant", "difference ± 95% CI", "interval excludes 0")
        : List.of("series", figure.xTitle(), "difference ± 95% CI", "interval excludes 0");
  }

  private static List<List<String>> differenceTable(
      SweepFigure figure, List<Difference> differences) {
    List<List<String>> rows = new ArrayList<>();
    for (Difference d : differences) {
      String value = interval(d.ci());
      String excludesZero = d.excludesZero() ? "yes" : "no";
      rows.add(
          figure.categorical()
              ? List.of(d.row().x(), value, excludesZero)
              : List.of(d.row().series(), d.row().x(), value, excludesZero));
    }
    return rows;
  }

  private static List<String> header(SweepFigure figure) {
    if (isPerRound(figure)) {
      return List.of(
          "series",
          "mean, first quarter of rounds",
          "mean, last quarter of rounds",
          "last round",
          "value ± 95% CI");
    }
    return figure.categorical()
        ? List.of("variant", "value ± 95% CI", "n")
        : List.of("series", figure.xTitle(), "value ± 95% CI", "n");
  }

  /**
   * Per-round figures are condensed to the means over the first and last quarter of the rounds
   * (whether N_t grows shows here) and the last round; the others list every point.
   */
  private static List<List<String>> table(SweepFigure figure) {
    List<List<String>> rows = new ArrayList<>();
    if (isPerRound(figure)) {
      for (String name : figure.seriesNames()) {
        List<Row> series = figure.series(name);
        Row last = series.get(series.size() - 1);
        double quarter = Math.max(1, last.xValue() / 4);
        rows.add(
            List.of(
                name,
                format(meanOf(series, r -> r.xValue() <= quarter)),
                format(meanOf(series, r -> r.xValue() > last.xValue() - quarter)),
                last.x(),
                interval(last.ci())));
      }
    } else {
      for (Row r : figure.rows()) {
        String n = Integer.toString(r.ci().n());
        rows.add(
            figure.categorical()
                ? List.of(r.x(), interval(r.ci()), n)
                : List.of(r.series(), r.x(), interval(r.ci()), n));
      }
    }
    return rows;
  }

  private static boolean isPerRound(SweepFigure figure) {
    return !figure.categorical() && figure.xTitle().equals("round");
  }

  private static double meanOf(List<Row> rows, Predicate<Row> which) {
    return rows.stream().filter(which).mapToDouble(r -> r.ci().mean()).average().orElse(Double.NaN);
  }

  private static String interval(ConfidenceInterval ci) {
    return Double.isNaN(ci.halfWidth())
        ? format(ci.mean())
        : format(ci.mean()) + " ± " + format(ci.halfWidth());
  }

  /**
   * Four significant digits; a residue below 1e-12 (a mean of differences that cancel exactly in
   * decimal but not in binary, e.g. −3.7e-17) shows as 0. The CSV keeps the raw value.
   */
  static String format(double v) {
    if (Double.isNaN(v)) {
      return "–";
    }
    return Math.abs(v) < 1e-12 ? "0" : String.format("%.4g", v);
  }

  private static String render(String heading, List<String> header, List<List<String>> rows) {
    int[] widths = new int[header.size()];
    for (int c = 0; c < widths.length; c++) {
      widths[c] = header.get(c).length();
      for (List<String> row : rows) {
        widths[c] = Math.max(widths[c], row.get(c).length());
      }
    }
    StringBuilder text = new StringBuilder("\n").append(heading).append('\n');
    List<List<String>> lines = new ArrayList<>();
    lines.add(header);
    lines.addAll(rows);
    for (List<String> line : lines) {
      List<String> cells = new ArrayList<>();
      for (int c = 0; c < widths.length; c++) {
        cells.add(String.format("%-" + widths[c] + "s", line.get(c)));
      }
      text.append("  ")
          .append(cells.stream().collect(Collectors.joining("  ")).stripTrailing())
          .append('\n');
    }
    return text.toString();
  }

  private static String number(double v) {
    return Double.isNaN(v) ? "" : Double.toString(v);
  }

  private static String quoted(String cell) {
    return cell.contains(",") || cell.contains("\"")
        ? "\"" + cell.replace("\"", "\"\"") + "\""
        : cell;
  }

  private static byte[] readAll(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
