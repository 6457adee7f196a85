package org.edgetune.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.edgetune.config.ConfigLoader;
import org.edgetune.model.BertDims;
import org.edgetune.schedule.ScheduleSettings;
import org.edgetune.schedule.ScheduleSimulation;
import org.junit.jupiter.api.Test;

/**
 * Rounds without an update are counted whatever the cause (issue 15, item 5): a chaos rate of 1.0
 * that leaves no device schedulable must not report 0.
 */
class RunSummaryTest {

  private static final BertDims MINILM = new BertDims(6, 384, 12, 1536, 30522, 512, 2);

  private static RoundRecord round(long t, List<Integer> scheduled, List<Integer> completed) {
    List<Integer> dropped = scheduled.stream().filter(d -> !completed.contains(d)).toList();
    return new RoundRecord(
        t,
        scheduled.size(),
        scheduled,
        scheduled.stream().map(d -> 0.5).toList(),
        scheduled.size(),
        completed,
        dropped,
        completed.isEmpty() ? null : 0.7,
        new double[] {0.01, 0.02, 0.0},
        0.03,
        1.0,
        null,
        0,
        0,
        0,
        null,
        null,
        null,
        null,
        t + 1.0);
  }

  @Test
  void roundsWithoutUpdateCountEveryCauseAndAllDroppedOnlyScheduledOnes() {
    SimulationSettings settings = SimulationSettings.fromConfig(ConfigLoader.load(null, List.of()));
    List<RoundRecord> rounds =
        List.of(
            round(0, List.of(), List.of()), // nobody schedulable (every channel out)
            round(1, List.of(0, 1), List.of(0, 1)), // an update
            round(2, List.of(0, 1), List.of()), // every scheduled device dropped
            round(3, List.of(2), List.of(2)), // an update
            round(4, List.of(), List.of())); // the policy scheduled nobody
    Map<String, Object> summary =
        RunSummary.of(settings, MINILM, new RunResult(rounds, null, 3, 0), 1);
    assertThat(summary.get("rounds_without_update")).isEqualTo(3L);
    assertThat(summary.get("rounds_all_dropped")).isEqualTo(1L);
    assertThat(summary.get("dropped_total")).isEqualTo(2);
  }

  @Test
  void anAutoVIsRecordedAsTheNumberThatKeepsTheRehearsalWithinItsMarginAndAGivenVAsGiven() {
    SimulationSettings settings =
        SimulationSettings.fromConfig(
            ConfigLoader.load(
                null, List.of("edgetune.schedule.rounds=40", "edgetune.wireless.devices=12")));
    assertThat(settings.schedule().autoV()).isTrue();
    Map<String, Object> summary =
        RunSummary.of(settings, MINILM, new RunResult(List.of(), null, 12, 0), 1);

    assertThat(summary.get("lyapunov_v_auto")).isEqualTo(true);
    double v = (double) summary.get("lyapunov_v");
    ScheduleSettings rehearsal = settings.schedule().withBudgetGuard(false);
    double limit = 1 - settings.schedule().lyapunov().autoVMargin();
    // The recorded V keeps every device within the margin; ten times more does not (else V is not
    // the largest).
    assertThat(
            new ScheduleSimulation(
                    settings.wirelessFor(MINILM), rehearsal.withV(v), settings.seed())
                .run()
                .maxEnergyRatio())
        .isLessThanOrEqualTo(limit);
    assertThat(
            new ScheduleSimulation(
                    settings.wirelessFor(MINILM), rehearsal.withV(10 * v), settings.seed())
                .run()
                .maxEnergyRatio())
        .isGreaterThan(limit);

    SimulationSettings fixed =
        SimulationSettings.fromConfig(
            ConfigLoader.load(
                null,
                List.of(
                    "edgetune.schedule.rounds=40",
                    "edgetune.wireless.devices=12",
                    "edgetune.schedule.lyapunov-v=0.25")));
    Map<String, Object> given =
        RunSummary.of(fixed, MINILM, new RunResult(List.of(), null, 12, 0), 1);
    assertThat(given.get("lyapunov_v")).isEqualTo(0.25);
    assertThat(given.get("lyapunov_v_auto")).isEqualTo(false);
  }
}
