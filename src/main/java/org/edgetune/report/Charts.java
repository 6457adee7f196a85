package org.edgetune.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.edgetune.output.OutputDirectory;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries.CategorySeriesRenderStyle;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Small chart helpers over XChart, shared by the simulators and the training report. */
public final class Charts {

  private static final int WIDTH = 900;
  private static final int HEIGHT = 500;

  static {
    // Charts are rendered off-screen, also on machines without a display.
    System.setProperty("java.awt.headless", "true");
  }

  private Charts() {}

  /** A line chart with one line per entry of {@code series} (in map order), all over the same x. */
  public static XYChart lines(
      String title, String xTitle, String yTitle, double[] x, Map<String, double[]> series) {
    XYChart chart =
        new XYChartBuilder()
            .width(WIDTH)
            .height(HEIGHT)
            .title(title)
            .xAxisTitle(xTitle)
            .yAxisTitle(yTitle)
            .build();
    chart.getStyler().setDefaultSeriesRenderStyle(XYSeriesRenderStyle.Line);
    chart.getStyler().setLegendVisible(series.size() > 1);
    series.forEach((name, y) -> chart.addSeries(name, x, y).setMarker(SeriesMarkers.NONE));
    return chart;
  }

  /** A bar chart with one bar per category and series. */
  public static CategoryChart bars(
      String title,
      String xTitle,
      String yTitle,
      List<String> categories,
      Map<String, List<Double>> series) {
    CategoryChart chart =
        new CategoryChartBuilder()
            .width(WIDTH)
            .height(HEIGHT)
            .title(title)
            .xAxisTitle(xTitle)
            .yAxisTitle(yTitle)
            .build();
    chart.getStyler().setLegendVisible(series.size() > 1);
    chart.getStyler().setXAxisLabelRotation(categories.size() > 20 ? 90 : 0);
    series.forEach((name, values) -> chart.addSeries(name, categories, values));
    return chart;
  }

  /**
   * A line chart with error bars: one line per entry of {@code series}, each with its own x, y and
   * half-widths (NaN half-widths are drawn as none).
   */
  public static XYChart linesWithErrorBars(
      String title, String xTitle, String yTitle, boolean logX, Map<String, double[][]> series) {
    XYChart chart = lines(title, xTitle, yTitle, new double[0], Map.of());
    chart.getStyler().setLegendVisible(series.size() > 1);
    chart.getStyler().setXAxisLogarithmic(logX);
    chart.getStyler().setErrorBarsColorSeriesColor(true);
    series.forEach(
        (name, xyErr) ->
            chart
                .addSeries(name, xyErr[0], xyErr[1], finite(xyErr[2]))
                .setMarker(xyErr[0].length > 15 ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE));
    return chart;
  }

  /**
   * One point per category with error bars (NaN half-widths are drawn as none): points rather than
   * bars, so that the y axis can zoom in on differences of a point of accuracy.
   */
  public static CategoryChart pointsWithErrorBars(
      String title, String yTitle, List<String> categories, double[] values, double[] halfWidths) {
    CategoryChart chart = bars(title, "", yTitle, categories, Map.of());
    chart.getStyler().setDefaultSeriesRenderStyle(CategorySeriesRenderStyle.Scatter);
    chart.getStyler().setErrorBarsColorSeriesColor(true);
    // Long labels of neighbouring categories run into each other from about six on.
    chart.getStyler().setXAxisLabelRotation(categories.size() > 5 ? 20 : 0);
    chart.addSeries(
        yTitle,
        categories,
        Arrays.stream(values).boxed().toList(),
        Arrays.stream(finite(halfWidths)).boxed().toList());
    return chart;
  }

  private static double[] finite(double[] halfWidths) {
    return Arrays.stream(halfWidths).map(h -> Double.isNaN(h) ? 0 : h).toArray();
  }

  /** 0, 1, …, n−1 as doubles: the x axis of a per-round or per-rank series. */
  public static double[] indices(int n) {
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = i;
    }
    return x;
  }

  /** Renders the chart as PNG and writes it atomically (no half-written image after a crash). */
  public static void savePng(Chart<?, ?> chart, Path file) {
    try {
      OutputDirectory.writeAtomically(file, BitmapEncoder.getBitmapBytes(chart, BitmapFormat.PNG));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot render " + file, e);
    }
  }
}
