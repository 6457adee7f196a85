package org.edgetune.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Long runs of i.i.d. channels: the long-term energy constraint, and what V trades. */
class LongRunTest {

  private static ScheduleSimulation.Result run(String policy, int rounds, double v) {
    ScheduleSettings s = RandomRounds.SCHEDULE.withPolicy(policy).withRounds(rounds).withV(v);
    return new ScheduleSimulation(RandomRounds.WIRELESS, s, 9).run();
  }

  @Test
  void everyDeviceStaysWithinItsBudgetOverFiveThousandRounds() {
    double v = RandomRounds.SCHEDULE.lyapunovV();
    for (String policy : new String[] {"lyapunov", "lyapunov-uniform", "myopic"}) {
      ScheduleSimulation.Result r = run(policy, 5_000, v);
      System.out.printf("%s over 5000 rounds: max energy ratio %.4f, mean scheduled %.2f%n",
          policy, r.maxEnergyRatio(), r.meanScheduled());
      assertThat(r.maxEnergyRatio()).as(policy).isLessThanOrEqualTo(1.02);
    }
    // Without the energy terms the same cell blows through the budget, so the check has teeth.
    assertThat(run("full", 200, v).maxEnergyRatio()).isGreaterThan(2);
  }

  @Test
  void theUniformAblationUsesMostOfTheBudget() {
    ScheduleSimulation.Result r = run("lyapunov-uniform", 5_000, RandomRounds.SCHEDULE.lyapunovV());
    assertThat(r.maxEnergyRatio()).isGreaterThan(0.8);
    assertThat(r.meanScheduled()).isGreaterThan(2);
  }

  @Test
  void largerVSchedulesMoreDevicesAndHoldsLargerBacklogs() {
    double[] vs = {0.03, 0.3, 3, 30};
    double previousScheduled = -1;
    double previousBacklog = -1;
    for (double v : vs) {
      ScheduleSimulation.Result r = run("lyapunov", 300, v);
      System.out.printf("V = %.2f: mean scheduled %.3f, mean backlog %.4f J%n", v, r.meanScheduled(), r.meanBacklogJ());
      assertThat(r.meanScheduled()).as("V = %s", v).isGreaterThan(previousScheduled);
      assertThat(r.meanBacklogJ()).as("V = %s", v).isGreaterThan(previousBacklog);
      previousScheduled = r.meanScheduled();
      previousBacklog = r.meanBacklogJ();
    }
  }

  @Test
  void defaultVKeepsTheDefaultRunWithinBudget() {
    ScheduleSettings defaults = RandomRounds.SCHEDULE;
    assertThat(defaults.rounds()).isEqualTo(100);
    assertThat(defaults.budgetGuard()).isFalse();
    for (long seed = 1; seed <= 8; seed++) {
      ScheduleSimulation.Result r = new ScheduleSimulation(RandomRounds.WIRELESS, defaults, seed).run();
      assertThat(r.maxEnergyRatio()).as("seed %d", seed).isLessThanOrEqualTo(1.0);
      assertThat(r.meanScheduled()).as("seed %d", seed).isGreaterThan(3);
    }
    // Ten times the default V overspends on the same runs: the calibration matters.
    double worst = 0;
    for (long seed = 1; seed <= 8; seed++) {
      worst = Math.max(worst, new ScheduleSimulation(RandomRounds.WIRELESS, defaults.withV(1.0), seed).run().maxEnergyRatio());
    }
    assertThat(worst).isGreaterThan(1.0);
  }

  @Test
  void theGuardNeverLetsADeviceExceedItsTotalBudget() {
    ScheduleSettings s = RandomRounds.SCHEDULE.withV(3).withBudgetGuard(true);
    ScheduleSimulation.Result r = new ScheduleSimulation(RandomRounds.WIRELESS, s, 4).run();
    assertThat(r.maxEnergyRatio()).isLessThanOrEqualTo(1.0);
    assertThat(r.guardRefusals()).isPositive();
    ScheduleSimulation.Result unguarded = new ScheduleSimulation(RandomRounds.WIRELESS, s.withBudgetGuard(false), 4).run();
    assertThat(unguarded.maxEnergyRatio()).isGreaterThan(1.0);
    assertThat(unguarded.guardRefusals()).isZero();
  }
}
