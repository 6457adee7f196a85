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
    for (String policy : new String[] {"lyapunov", "lyapunov-uniform", "lyapunov-v1", "myopic"}) {
      ScheduleSimulation.Result r = run(policy, 5_000, 0.03);
      System.out.printf(
          "%s over 5000 rounds: energy ratio max %.4f, mean %.4f, mean scheduled %.2f%n",
          policy, r.maxEnergyRatio(), r.meanEnergyRatio(), r.meanScheduled());
      assertThat(r.maxEnergyRatio()).as(policy).isLessThanOrEqualTo(1.02);
    }
    // Without the energy terms the same cell blows through the budget, so the check has teeth.
    assertThat(run("full", 200, 0.03).maxEnergyRatio()).isGreaterThan(2);
  }

  @Test
  void creditMakesEveryDeviceSpendMostOfItsBudget() {
    ScheduleSimulation.Result banked = run("lyapunov-uniform", 5_000, 0.03);
    assertThat(banked.minEnergyRatio()).isGreaterThan(0.8);
    // The first version throws unspent budget away at an empty queue: far-off devices spend little.
    assertThat(run("lyapunov-v1", 5_000, 0.03).minEnergyRatio()).isLessThan(0.5);
  }

  @Test
  void largerVHoldsLargerBacklogsAndTheFirstVersionSchedulesMoreDevices() {
    double[] vs = {0.003, 0.03, 0.3, 3};
    double previousBacklog = Double.NEGATIVE_INFINITY;
    double previousScheduled = -1;
    for (double v : vs) {
      ScheduleSimulation.Result r = run("lyapunov", 300, v);
      ScheduleSimulation.Result first = run("lyapunov-v1", 300, 10 * v);
      System.out.printf(
          "V = %.3f: lyapunov mean backlog %.4f J (negative: credit), mean scheduled %.3f; "
              + "lyapunov-v1 at 10 V mean scheduled %.3f%n",
          v, r.meanBacklogJ(), r.meanScheduled(), first.meanScheduled());
      assertThat(r.meanBacklogJ()).as("V = %s", v).isGreaterThan(previousBacklog);
      // Without credit the budget is not binding at these V, so more weight on the bound buys more
      // devices.
      assertThat(first.meanScheduled()).as("V = %s", v).isGreaterThan(previousScheduled);
      previousBacklog = r.meanBacklogJ();
      previousScheduled = first.meanScheduled();
    }
  }

  @Test
  void theGuardNeverLetsADeviceExceedItsTotalBudget() {
    ScheduleSettings s = RandomRounds.SCHEDULE.withV(3).withBudgetGuard(true);
    ScheduleSimulation.Result r = new ScheduleSimulation(RandomRounds.WIRELESS, s, 4).run();
    assertThat(r.maxEnergyRatio()).isLessThanOrEqualTo(1.0);
    assertThat(r.guardRefusals()).isPositive();
    ScheduleSimulation.Result unguarded =
        new ScheduleSimulation(RandomRounds.WIRELESS, s.withBudgetGuard(false), 4).run();
    assertThat(unguarded.maxEnergyRatio()).isGreaterThan(1.0);
    assertThat(unguarded.guardRefusals()).isZero();
  }
}
