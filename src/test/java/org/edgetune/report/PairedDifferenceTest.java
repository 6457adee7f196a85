package org.edgetune.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.edgetune.experiment.ConfidenceInterval;
import org.edgetune.experiment.SweepFigure;
import org.edgetune.experiment.SweepFigure.Difference;
import org.edgetune.experiment.SweepFigure.Row;
import org.junit.jupiter.api.Test;

/**
 * Paired differences to a sweep's reference, against values worked out by hand (Python's statistics
 * module, t₀.₉₇₅(2) = 4.302652729911275 from a table; StudentT agrees to ~1e-10), and how they
 * reach the CSV.
 */
class PairedDifferenceTest {

  private static final List<Long> SEEDS = List.of(1L, 2L, 3L);

  @Test
  void variantsAreComparedSeedBySeedWithTheReference() {
    SweepFigure figure =
        new SweepFigure(
            "outcomes-final-accuracy",
            "final_accuracy",
            "t",
            "",
            "final accuracy",
            true,
            false,
            SEEDS,
            List.of(
                row("lyapunov", "lyapunov", 0.90, 0.95, 0.92),
                row("random", "random", 0.93, 0.96, 0.92)),
            "lyapunov");

    List<Difference> differences = figure.differences();

    assertThat(differences).hasSize(1);
    Difference random = differences.get(0);
    assertThat(random.row().x()).isEqualTo("random");
    assertThat(random.perSeed()).containsExactly(new double[] {0.03, 0.01, 0.0}, within(1e-12));
    assertThat(random.ci().mean()).isCloseTo(0.013333333333333345, within(1e-12));
    assertThat(random.ci().halfWidth()).isCloseTo(0.03794583033739469, within(1e-9));
    assertThat(random.excludesZero()).isFalse();
    // Pairing removes the seed effect both share: the unpaired interval of random alone is wider.
    assertThat(figure.rows().get(1).ci().halfWidth()).isCloseTo(0.051711450127367276, within(1e-9));
  }

  @Test
  void parameterSweepsCompareAtTheSameValueAndFlagIntervalsThatExcludeZero() {
    SweepFigure figure =
        new SweepFigure(
            "budget-max-energy-ratio",
            "max_energy_ratio",
            "t",
            "energy-budget-j",
            "ratio",
            false,
            true,
            SEEDS,
            List.of(
                point("lyapunov", "0.01", 1.0, 0.9, 0.8),
                point("lyapunov", "0.1", 0.5, 0.6, 0.7),
                point("myopic", "0.01", 0.5, 0.4, 0.3),
                point("myopic", "0.1", 0.5, Double.NaN, 0.8)),
            "lyapunov");

    List<Difference> differences = figure.differences();

    assertThat(differences)
        .extracting(d -> d.row().series() + "@" + d.row().x())
        .containsExactly("myopic@0.01", "myopic@0.1");
    // Every seed 0.5 lower: the interval is exactly [−0.5, −0.5], which excludes 0.
    assertThat(differences.get(0).ci().mean()).isCloseTo(-0.5, within(1e-12));
    assertThat(differences.get(0).ci().halfWidth()).isCloseTo(0.0, within(1e-12));
    assertThat(differences.get(0).excludesZero()).isTrue();
    // A seed without the value drops out of the pair: differences 0 and 0.1, n = 2.
    assertThat(differences.get(1).ci().n()).isEqualTo(2);
    assertThat(differences.get(1).ci().mean()).isCloseTo(0.05, within(1e-12));

    String[] csv = ExperimentReport.csv(figure, figure.differences()).split("\n");
    assertThat(csv[0]).endsWith(",seed 3,difference to lyapunov,difference_ci95_half_width");
    assertThat(csv[1]).endsWith(",,");
    assertThat(csv[3].split(",")).hasSize(12);
    assertThat(Double.parseDouble(csv[3].split(",")[10])).isCloseTo(-0.5, within(1e-12));
  }

  @Test
  void differencesThatCancelShowAsZeroInTheTables() {
    double residue =
        (0.9566666666666667
                - 0.9533333333333334
                + 0.9633333333333334
                - 0.9633333333333334
                + 0.94
                - 0.9433333333333334)
            / 3;
    assertThat(residue).isNotZero();
    assertThat(ExperimentReport.format(residue)).isEqualTo("0");
    assertThat(ExperimentReport.format(-0.01444444)).isEqualTo("-0.01444");
    assertThat(ExperimentReport.format(Double.NaN)).isEqualTo("–");
  }

  @Test
  void withoutAReferenceThereIsNothingToCompare() {
    SweepFigure figure =
        new SweepFigure(
            "v-final-accuracy",
            "final_accuracy",
            "t",
            "lyapunov-v",
            "final accuracy",
            false,
            true,
            SEEDS,
            List.of(point("lyapunov", "0.1", 0.9, 0.95, 0.92)),
            null);

    assertThat(figure.differences()).isEmpty();
    assertThat(ExperimentReport.csv(figure, figure.differences()).split("\n")[0])
        .endsWith(",seed 3");
  }

  private static Row row(String series, String x, double... perSeed) {
    return new Row(series, x, Double.NaN, perSeed, ConfidenceInterval.of(perSeed));
  }

  private static Row point(String series, String x, double... perSeed) {
    return new Row(series, x, Double.parseDouble(x), perSeed, ConfidenceInterval.of(perSeed));
  }
}
