package org.edgetune.schedule;

import com.typesafe.config.Config;
import java.util.List;
import org.edgetune.config.ConfigReader;

/**
 * The scheduler's settings from {@code edgetune.schedule} (DESIGN.md §5), validated on load.
 *
 * @param policy one of {@link Policies#NAMES}, or {@code class:NAME} for a plugin ({@link
 *     PolicyPlugin})
 * @param rounds horizon T of the bound weights and the budget guard
 * @param energyBudgetJ long-term budget Ē_k per device and round
 * @param lyapunovV V, the weight of the bound against queue backlog (J²: queue [J] × energy [J]);
 *     NaN for {@code auto} (chosen by {@link AutoV} before the run)
 * @param budgetGuard refuse grants that would exceed a device's remaining total budget T·Ē_k
 * @param bound the convergence bound's constants
 * @param lyapunov the Lyapunov policies' pricing of energy
 * @param devicesPerRound N for the random, round-robin and best-channel baselines
 * @param plugin where and how long {@code class:NAME} policies run
 */
public record ScheduleSettings(
    String policy,
    int rounds,
    double energyBudgetJ,
    double lyapunovV,
    boolean budgetGuard,
    Bound bound,
    Lyapunov lyapunov,
    int devicesPerRound,
    Plugin plugin) {

  public static final String SECTION = "edgetune.schedule";

  /**
   * The convergence bound's constants (DESIGN.md §4).
   *
   * @param decay ρ in w_t = ρ^(T−1−t)
   * @param gradientVariance σ²
   * @param gradientDissimilarity G²
   * @param noUpdatePenalty Φ(0), the bound term of a round that schedules nobody
   */
  public record Bound(
      double decay,
      double gradientVariance,
      double gradientDissimilarity,
      double noUpdatePenalty) {}

  /**
   * How the Lyapunov policies price energy.
   *
   * @param queueWeightFloorJ the price f of energy in the per-round problem for a device with
   *     neither debt nor credit (lyapunov-v1: the smallest queue weight)
   * @param uniformShare α, the share of the per-round bound weight spread evenly over the horizon
   * @param creditRounds credit a device may bank, in rounds of its budget (its battery's capacity)
   * @param autoVMargin with V = auto: every device's energy stays within (1 − margin)·T·Ē_k in
   *     rehearsal
   */
  public record Lyapunov(
      double queueWeightFloorJ, double uniformShare, double creditRounds, double autoVMargin) {}

  /**
   * Where {@code class:NAME} policies are looked for and how long they may take.
   *
   * @param classpath jars and directories separated by ':' ({@code --classpath}, {@code
   *     EDGETUNE_CLASSPATH}); empty for none
   * @param timeoutMs how long one round's decision may take (ms)
   */
  public record Plugin(String classpath, long timeoutMs) {}

  public static ScheduleSettings from(Config root) {
    ConfigReader r = new ConfigReader(root, SECTION);
    ScheduleSettings s =
        new ScheduleSettings(
            policy(r),
            r.intIn("rounds", 1, 100_000_000),
            r.doubleAbove("energy-budget-j", 0, 1e6),
            lyapunovV(r),
            r.bool("budget-guard"),
            new Bound(
                r.doubleAbove("bound-decay", 0, 1),
                r.doubleIn("gradient-variance", 0, 1e6),
                r.doubleIn("gradient-dissimilarity", 0, 1e6),
                r.doubleIn("no-update-penalty", 0, 1e6)),
            new Lyapunov(
                r.doubleAbove("queue-weight-floor-j", 0, 1e6),
                r.doubleIn("uniform-share", 0, 1),
                r.doubleIn("credit-rounds", 0, 1e6),
                r.doubleIn("auto-v-margin", 0, 0.5)),
            r.intIn("devices-per-round", 1, 10_000_000),
            new Plugin(r.string("classpath"), r.longIn("plugin-timeout-ms", 1, 3_600_000)));
    r.rejectUnknownKeys();
    if (PolicyPlugin.isPlugin(s.policy())) {
      PolicyPlugin.check(r.key("policy"), s.policy(), s.plugin().classpath());
    }
    return s;
  }

  /** A built-in name, or {@code class:NAME} (whose class is checked once the classpath is read). */
  private static String policy(ConfigReader r) {
    String policy = r.string("policy");
    if (PolicyPlugin.isPlugin(policy)) {
      return policy;
    }
    try {
      return r.oneOf("policy", List.copyOf(Policies.NAMES));
    } catch (org.edgetune.config.ConfigException e) {
      throw new org.edgetune.config.ConfigException(
          e.getMessage() + "; or class:NAME, a policy of your own (--classpath)");
    }
  }

  /** A number in [0, 1e12], or {@code auto} (NaN). */
  private static double lyapunovV(ConfigReader r) {
    if ("auto".equals(r.string("lyapunov-v"))) {
      return Double.NaN;
    }
    try {
      return r.doubleIn("lyapunov-v", 0, 1e12);
    } catch (org.edgetune.config.ConfigException e) {
      throw new org.edgetune.config.ConfigException(
          e.getMessage() + "; or auto (chosen by a rehearsal of the run)");
    }
  }

  /** Whether V is to be chosen by a rehearsal ({@code lyapunov-v = auto}). */
  public boolean autoV() {
    return Double.isNaN(lyapunovV);
  }

  /** Credit capacity C_k = credit-rounds·Ē_k (J). */
  public double creditJ() {
    return lyapunov.creditRounds() * energyBudgetJ;
  }

  public ScheduleSettings withPolicy(String name) {
    return new ScheduleSettings(
        name,
        rounds,
        energyBudgetJ,
        lyapunovV,
        budgetGuard,
        bound,
        lyapunov,
        devicesPerRound,
        plugin);
  }

  public ScheduleSettings withRounds(int t) {
    return new ScheduleSettings(
        policy, t, energyBudgetJ, lyapunovV, budgetGuard, bound, lyapunov, devicesPerRound, plugin);
  }

  public ScheduleSettings withV(double v) {
    return new ScheduleSettings(
        policy, rounds, energyBudgetJ, v, budgetGuard, bound, lyapunov, devicesPerRound, plugin);
  }

  public ScheduleSettings withEnergyBudget(double joules) {
    return new ScheduleSettings(
        policy, rounds, joules, lyapunovV, budgetGuard, bound, lyapunov, devicesPerRound, plugin);
  }

  public ScheduleSettings withBudgetGuard(boolean on) {
    return new ScheduleSettings(
        policy, rounds, energyBudgetJ, lyapunovV, on, bound, lyapunov, devicesPerRound, plugin);
  }
}
