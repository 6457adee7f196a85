package org.edgetune.schedule;

import java.util.List;
import org.edgetune.config.NamedChoice;
import org.edgetune.wireless.WirelessModel;

/**
 * The policies a run can name, built-in ({@link BuiltInPolicy}) or {@code class:NAME} plugins, and
 * a factory for them.
 */
public final class Policies {

  /** The built-in policies' config names ({@link BuiltInPolicy}), in their order. */
  public static final List<String> NAMES = NamedChoice.names(BuiltInPolicy.class);

  private Policies() {}

  /** Whether {@code name} is a built-in policy or a {@code class:NAME} plugin. */
  public static boolean isKnown(String name) {
    return NAMES.contains(name) || PolicyPlugin.isPlugin(name);
  }

  /**
   * Whether {@code name} is a built-in policy that weighs the bound against energy by V (so V can
   * be auto).
   */
  public static boolean tunedByV(String name) {
    return NAMES.contains(name) && NamedChoice.of(BuiltInPolicy.class, name).tunedByV();
  }

  /**
   * The credit (J) that the policy {@link #create} builds for {@code settings.policy()} banks, that
   * is its {@link SchedulingPolicy#creditJ}: how far below 0 its energy queues may fall. Known
   * without building the policy (which, with V = auto, rehearses the run).
   */
  public static double creditJ(ScheduleSettings settings) {
    boolean banks =
        NAMES.contains(settings.policy())
            && NamedChoice.of(BuiltInPolicy.class, settings.policy()).banksCredit();
    return banks ? settings.creditJ() : 0;
  }

  /**
   * A fresh policy for a population of {@code population} devices; {@code seed} keys the random
   * baseline's draws. With {@code lyapunov-v = auto} the Lyapunov policies get the V that {@link
   * AutoV} chooses by rehearsing this very run (same cell, seed and horizon).
   */
  public static SchedulingPolicy create(
      String name, ScheduleSettings settings, WirelessModel model, int population, long seed) {
    if (PolicyPlugin.isPlugin(name)) {
      return plugin(name, settings, model, population, seed);
    }
    if (!NAMES.contains(name)) {
      throw new IllegalArgumentException(
          "unknown policy '" + name + "'; known: " + String.join(", ", NAMES) + ", or class:NAME");
    }
    BuiltInPolicy policy = NamedChoice.of(BuiltInPolicy.class, name);
    if (settings.autoV() && tunedByV(name)) {
      settings =
          AutoV.resolve(settings.withPolicy(name), model.settings().withDevices(population), seed);
    }
    ConvergenceBound bound =
        ConvergenceBound.of(settings, model.settings().workload().batchSize(), population);
    return policy.build(new BuiltInPolicy.Parts(settings, model, bound, seed));
  }

  /**
   * A {@code class:NAME} policy from the plugin classpath, run under {@link PluginPolicy}'s guard.
   */
  private static SchedulingPolicy plugin(
      String name, ScheduleSettings settings, WirelessModel model, int population, long seed) {
    Class<? extends SchedulingPolicy> type =
        PolicyPlugin.find(
            ScheduleSettings.SECTION + ".policy", name, settings.plugin().classpath());
    PolicyContext context =
        new PolicyContext(
            model,
            settings,
            ConvergenceBound.of(settings, model.settings().workload().batchSize(), population),
            population,
            seed);
    return new PluginPolicy(
        type.getName(),
        PolicyPlugin.build(type, context),
        java.time.Duration.ofMillis(settings.plugin().timeoutMs()));
  }
}
