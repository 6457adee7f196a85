package org.edgetune.schedule;

import com.typesafe.config.Config;
import java.util.List;
import org.edgetune.config.ConfigReader;

/**
 * The scheduler's settings from {@code edgetune.schedule} (DESIGN.md §5), validated on load.
 *
 * @param policy one of {@link Policies#NAMES}
 * @param rounds horizon T of the bound weights and the budget guard
 * @param energyBudgetJ long-term budget Ē_k per device and round
 * @param lyapunovV V, the weight of the bound against queue backlog (J²: queue [J] × energy [J])
 * @param boundDecay ρ in w_t = ρ^(T−1−t)
 * @param gradientVariance σ²
 * @param gradientDissimilarity G²
 * @param noUpdatePenalty Φ(0), the bound term of a round that schedules nobody
 * @param queueWeightFloorJ smallest queue weight a device's energy gets in the per-round problem
 * @param devicesPerRound N for the random, round-robin and best-channel baselines
 * @param budgetGuard refuse grants that would exceed a device's remaining total budget T·Ē_k
 */
public record ScheduleSettings(
    String policy,
    int rounds,
    double energyBudgetJ,
    double lyapunovV,
    double boundDecay,
    double gradientVariance,
    double gradientDissimilarity,
    double noUpdatePenalty,
    double queueWeightFloorJ,
    int devicesPerRound,
    boolean budgetGuard) {

  public static final String SECTION = "edgetune.schedule";

  public static ScheduleSettings from(Config root) {
    ConfigReader r = new ConfigReader(root, SECTION);
    ScheduleSettings s =
        new ScheduleSettings(
            r.oneOf("policy", List.copyOf(Policies.NAMES)),
            r.intIn("rounds", 1, 100_000_000),
            r.doubleAbove("energy-budget-j", 0, 1e6),
            r.doubleIn("lyapunov-v", 0, 1e12),
            r.doubleAbove("bound-decay", 0, 1),
            r.doubleIn("gradient-variance", 0, 1e6),
            r.doubleIn("gradient-dissimilarity", 0, 1e6),
            r.doubleIn("no-update-penalty", 0, 1e6),
            r.doubleAbove("queue-weight-floor-j", 0, 1e6),
            r.intIn("devices-per-round", 1, 10_000_000),
            r.bool("budget-guard"));
    r.rejectUnknownKeys();
    return s;
  }

  public ScheduleSettings withPolicy(String name) {
    return new ScheduleSettings(name, rounds, energyBudgetJ, lyapunovV, boundDecay, gradientVariance,
        gradientDissimilarity, noUpdatePenalty, queueWeightFloorJ, devicesPerRound, budgetGuard);
  }

  public ScheduleSettings withRounds(int t) {
    return new ScheduleSettings(policy, t, energyBudgetJ, lyapunovV, boundDecay, gradientVariance,
        gradientDissimilarity, noUpdatePenalty, queueWeightFloorJ, devicesPerRound, budgetGuard);
  }

  public ScheduleSettings withV(double v) {
    return new ScheduleSettings(policy, rounds, energyBudgetJ, v, boundDecay, gradientVariance,
        gradientDissimilarity, noUpdatePenalty, queueWeightFloorJ, devicesPerRound, budgetGuard);
  }

  public ScheduleSettings withBudgetGuard(boolean on) {
    return new ScheduleSettings(policy, rounds, energyBudgetJ, lyapunovV, boundDecay, gradientVariance,
        gradientDissimilarity, noUpdatePenalty, queueWeightFloorJ, devicesPerRound, on);
  }
}
