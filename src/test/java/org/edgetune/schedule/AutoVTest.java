package org.edgetune.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import org.edgetune.config.ConfigException;
import org.edgetune.wireless.WirelessSettings;
import org.junit.jupiter.api.Test;

/**
 * {@code lyapunov-v = auto} on the study's short horizon (K = 20, T = 40), at the default budget
 * and at a third of it, where a fixed V = 0.1 overspends: the chosen V keeps every device within
 * the margin in the very run it rehearsed, twice that V does not, and V shrinks with the budget.
 */
class AutoVTest {

  private static final WirelessSettings CELL = RandomRounds.WIRELESS;
  private static final ScheduleSettings AUTO =
      ScheduleSettings.from(ConfigFactory.defaultReference()).withRounds(40);

  private static double ratio(ScheduleSettings s, double v) {
    return new ScheduleSimulation(CELL, s.withV(v), 3).run().maxEnergyRatio();
  }

  @Test
  void choosesTheLargestVWithinTheMarginAndShrinksItWithTheBudget() {
    assertThat(AUTO.autoV()).isTrue();
    double[] chosen = new double[2];
    double[] budgets = {0.03, 0.01};
    for (int i = 0; i < budgets.length; i++) {
      ScheduleSettings s = AUTO.withEnergyBudget(budgets[i]);
      ScheduleSettings resolved = AutoV.resolve(s, CELL, 3);
      chosen[i] = resolved.lyapunovV();
      double limit = 1 - s.lyapunov().autoVMargin();
      System.out.printf(
          "Ē = %.2f J: auto V = %.4g, max ratio %.4f; at 2V %.4f; at V = 0.1 %.4f%n",
          budgets[i], chosen[i], ratio(s, chosen[i]), ratio(s, 2 * chosen[i]), ratio(s, 0.1));
      assertThat(ratio(s, chosen[i])).isLessThanOrEqualTo(limit);
      assertThat(ratio(s, 2 * chosen[i])).isGreaterThan(limit);
      // Same settings, same seed: the same choice (a resumed run must decide as the first did).
      assertThat(AutoV.resolve(s, CELL, 3).lyapunovV()).isEqualTo(chosen[i]);
    }
    assertThat(chosen[1]).isLessThan(chosen[0]);
    assertThat(ratio(AUTO.withEnergyBudget(0.01), 0.1)).isGreaterThan(1.02);
  }

  @Test
  void policiesResolveAutoThemselvesAndNumbersStayAsTheyAre() {
    ScheduleSettings fixed = AUTO.withV(0.5);
    assertThat(AutoV.resolve(fixed, CELL, 3)).isSameAs(fixed);
    ScheduleSimulation.Result r = new ScheduleSimulation(CELL, AUTO, 3).run();
    assertThat(r.maxEnergyRatio()).isLessThanOrEqualTo(1 - AUTO.lyapunov().autoVMargin());
  }

  @Test
  void aBadValueNamesTheKey() {
    assertThatThrownBy(
            () ->
                ScheduleSettings.from(
                    ConfigFactory.parseString("edgetune.schedule.lyapunov-v = fast")
                        .withFallback(ConfigFactory.defaultReference())))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("edgetune.schedule.lyapunov-v")
        .hasMessageContaining("auto");
    assertThatThrownBy(
            () ->
                ScheduleSettings.from(
                    ConfigFactory.parseString("edgetune.schedule.lyapunov-v = -1")
                        .withFallback(ConfigFactory.defaultReference())))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("edgetune.schedule.lyapunov-v");
    assertThatThrownBy(
            () ->
                ScheduleSettings.from(
                    ConfigFactory.parseString("edgetune.schedule.uniform-share = 2")
                        .withFallback(ConfigFactory.defaultReference())))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("edgetune.schedule.uniform-share");
  }
}
