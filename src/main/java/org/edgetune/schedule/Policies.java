package org.edgetune.schedule;

import java.util.List;
import org.edgetune.wireless.WirelessModel;

/** The policy names of DESIGN.md §5 and a factory for them. */
public final class Policies {

  public static final List<String> NAMES =
      List.of("full", "random", "round-robin", "best-channel", "myopic", "lyapunov-uniform", "lyapunov-v1", "lyapunov");

  private Policies() {}

  /** Whether {@code name} is a built-in policy or a {@code class:NAME} plugin. */
  public static boolean isKnown(String name) {
    return NAMES.contains(name) || PolicyPlugin.isPlugin(name);
  }

  /**
   * The credit (J) that the policy {@link #create} builds for {@code settings.policy()} banks, that
   * is its {@link SchedulingPolicy#creditJ}: how far below 0 its energy queues may fall. Known
   * without building the policy (which, with V = auto, rehearses the run).
   */
  public static double creditJ(ScheduleSettings settings) {
    return switch (settings.policy()) {
      case "lyapunov", "lyapunov-uniform" -> settings.creditJ();
      default -> 0;
    };
  }

  /**
   * A fresh policy for a population of {@code population} devices; {@code seed} keys the random
   * baseline's draws. With {@code lyapunov-v = auto} the Lyapunov policies get the V that
   * {@link AutoV} chooses by rehearsing this very run (same cell, seed and horizon).
   */
  public static SchedulingPolicy create(String name, ScheduleSettings settings, WirelessModel model,
      int population, long seed) {
    if (PolicyPlugin.isPlugin(name)) {
      return plugin(name, settings, model, population, seed);
    }
    if (settings.autoV() && name.startsWith("lyapunov")) {
      settings = AutoV.resolve(settings.withPolicy(name), model.settings().withDevices(population), seed);
    }
    ConvergenceBound bound = ConvergenceBound.of(settings, model.settings().workload().batchSize(), population);
    return switch (name) {
      case "full" -> new FullPolicy(model);
      case "random" -> new RandomPolicy(settings.devicesPerRound(), seed, model);
      case "round-robin" -> new RoundRobinPolicy(settings.devicesPerRound(), model);
      case "best-channel" -> new BestChannelPolicy(settings.devicesPerRound(), model);
      case "myopic" -> new MyopicPolicy(model, settings.energyBudgetJ());
      case "lyapunov-uniform" -> new LyapunovPolicy(name, model, settings, bound, LyapunovPolicy.Variant.UNIFORM);
      case "lyapunov-v1" -> new LyapunovPolicy(name, model, settings, bound, LyapunovPolicy.Variant.V1);
      case "lyapunov" -> new LyapunovPolicy(name, model, settings, bound, LyapunovPolicy.Variant.BLENDED);
      default -> throw new IllegalArgumentException(
          "unknown policy '" + name + "'; known: " + String.join(", ", NAMES) + ", or class:NAME");
    };
  }

  /** A {@code class:NAME} policy from the plugin classpath, run under {@link PluginPolicy}'s guard. */
  private static SchedulingPolicy plugin(String name, ScheduleSettings settings, WirelessModel model,
      int population, long seed) {
    Class<? extends SchedulingPolicy> type = PolicyPlugin.find(ScheduleSettings.SECTION + ".policy", name,
        settings.classpath());
    PolicyContext context = new PolicyContext(model, settings,
        ConvergenceBound.of(settings, model.settings().workload().batchSize(), population), population, seed);
    return new PluginPolicy(type.getName(), PolicyPlugin.build(type, context),
        java.time.Duration.ofMillis(settings.pluginTimeoutMs()));
  }
}
