package org.edgetune.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import org.edgetune.wireless.WirelessSettings;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The targets of issue 13 with K = 100 devices at a long and a short horizon (seed 42, the README's
 * table). At V = 0.1: no idle run longer than 10% of T, every device spends at least 80% of T·Ē_k,
 * the worst at most 1.02 of it without the guard and 1.00 with it. At the V that {@code lyapunov-v
 * = auto} chooses for these runs (hard-coded: rehearsing here would repeat each run a dozen times;
 * {@link AutoVTest} checks the rehearsal): a lower Σ_t w_t·Φ(N_t) than lyapunov-uniform given a V
 * at which it spends at least as much energy on average (at T = 3000 its own auto V; at T = 100
 * that spends less, so V = 0.4). The first version fails the first two targets at the long horizon,
 * so the checks have teeth.
 */
class HorizonTargetsTest {

  private static final WirelessSettings CELL = RandomRounds.WIRELESS.withDevices(100);

  private static ScheduleSimulation.Result run(String policy, int rounds, double v, boolean guard) {
    ScheduleSettings s =
        RandomRounds.SCHEDULE.withPolicy(policy).withRounds(rounds).withV(v).withBudgetGuard(guard);
    return new ScheduleSimulation(CELL, s, 42).run();
  }

  @ParameterizedTest
  @CsvSource({"3000, 0.017020112757977813, 0.009432277672458893", "100, 0.2066049758042457, 0.4"})
  void lyapunovUsesTheBudgetAtEveryHorizon(int rounds, double autoV, double uniformV) {
    ScheduleSimulation.Result r = run("lyapunov", rounds, 0.1, false);
    ScheduleSimulation.Result guarded = run("lyapunov", rounds, 0.1, true);
    System.out.printf(
        "T = %d, V = 0.1: energy ratio max %.4f mean %.4f min %.4f, idle %d (longest %d), "
            + "bound %.4f; guarded max %.4f (%d refusals)%n",
        rounds,
        r.maxEnergyRatio(),
        r.meanEnergyRatio(),
        r.minEnergyRatio(),
        r.idleRounds(),
        r.longestIdleRun(),
        r.boundSum(),
        guarded.maxEnergyRatio(),
        guarded.guardRefusals());
    assertThat(r.longestIdleRun()).isLessThanOrEqualTo(rounds / 10);
    assertThat(r.minEnergyRatio()).isGreaterThanOrEqualTo(0.8);
    assertThat(r.maxEnergyRatio()).isLessThanOrEqualTo(1.02);
    assertThat(guarded.maxEnergyRatio()).isLessThanOrEqualTo(1.0);

    ScheduleSimulation.Result tuned = run("lyapunov", rounds, autoV, false);
    ScheduleSimulation.Result uniform = run("lyapunov-uniform", rounds, uniformV, false);
    System.out.printf(
        "T = %d: lyapunov at auto V %.4g: mean ratio %.4f, bound %.4f; lyapunov-uniform at V %.4g: "
            + "mean ratio %.4f, bound %.4f%n",
        rounds,
        autoV,
        tuned.meanEnergyRatio(),
        tuned.boundSum(),
        uniformV,
        uniform.meanEnergyRatio(),
        uniform.boundSum());
    assertThat(tuned.maxEnergyRatio()).isLessThanOrEqualTo(0.98);
    assertThat(uniform.meanEnergyRatio()).isGreaterThanOrEqualTo(tuned.meanEnergyRatio());
    assertThat(tuned.boundSum()).isLessThan(uniform.boundSum());

    if (rounds >= 1000) {
      ScheduleSimulation.Result first = run("lyapunov-v1", rounds, 0.1, false);
      assertThat(first.longestIdleRun()).isGreaterThan(rounds / 10);
      assertThat(first.minEnergyRatio()).isLessThan(0.8);
    }
  }
}
