package org.edgetune.faults;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.edgetune.config.ConfigException;
import org.edgetune.config.ConfigReader;

/**
 * The {@code edgetune.faults} section: a plan of scheduled faults and the chaos rates, read into a
 * {@link FaultPlan}. Each plan entry is {@code { round, kind, target, probability, delay-s }}; the
 * last three are optional (target: every device; probability and delay: the section's defaults).
 */
public final class FaultSettings {

  public static final String SECTION = "edgetune.faults";

  private FaultSettings() {}

  /**
   * @param rounds the run's horizon T, to refuse faults planned after the last round
   * @param devices K, to refuse targets that are not devices
   * @param cluster whether the run is on a cluster (node loss needs one)
   */
  public static FaultPlan fromConfig(
      Config root, long seed, long rounds, int devices, boolean cluster) {
    ConfigReader r = new ConfigReader(root, SECTION);
    double lossProbability = r.doubleIn("message-loss-probability", 0, 1);
    Duration stragglerDelay = seconds(r.doubleAbove("straggler-delay-s", 0, 86_400));
    List<Fault> scheduled = new ArrayList<>();
    List<? extends Config> entries = r.configList("plan");
    for (int i = 0; i < entries.size(); i++) {
      ConfigReader e = ConfigReader.element(entries.get(i), r.key("plan") + "[" + i + "]");
      long round = e.longIn("round", 0, rounds - 1);
      FaultKind kind = e.choice("kind", FaultKind.class);
      int target = e.has("target") ? e.intIn("target", 0, devices - 1) : Fault.ALL_DEVICES;
      refuseUnused(e, "probability", kind, FaultKind.MESSAGE_LOSS);
      refuseUnused(e, "delay-s", kind, FaultKind.STRAGGLER);
      double probability = e.has("probability") ? e.doubleIn("probability", 0, 1) : lossProbability;
      Duration delay =
          e.has("delay-s") ? seconds(e.doubleAbove("delay-s", 0, 86_400)) : stragglerDelay;
      e.rejectUnknownKeys();
      requireSupported(kind, cluster, e.key("kind"));
      scheduled.add(new Fault(round, kind, target, probability, delay));
    }
    ConfigReader chaos = r.section("chaos");
    Map<FaultKind, Double> rates = new EnumMap<>(FaultKind.class);
    for (FaultKind kind : FaultKind.values()) {
      if (chaos.has(kind.configName())) {
        double rate = chaos.doubleIn(kind.configName(), 0, 1);
        if (rate > 0) {
          requireSupported(kind, cluster, chaos.key(kind.configName()));
          rates.put(kind, rate);
        }
      }
    }
    chaos.rejectUnknownKeys();
    r.rejectUnknownKeys();
    return new FaultPlan(seed, scheduled, rates, lossProbability, stragglerDelay);
  }

  /** A plan entry's option that only one kind reads would be ignored silently under any other. */
  private static void refuseUnused(
      ConfigReader entry, String option, FaultKind kind, FaultKind reader) {
    if (kind != reader && entry.has(option)) {
      throw new ConfigException(
          "config key '"
              + entry.key(option)
              + "' applies only to kind = "
              + reader.configName()
              + ", not to "
              + kind.configName()
              + ", which would ignore it");
    }
  }

  private static void requireSupported(FaultKind kind, boolean cluster, String key) {
    if ((kind == FaultKind.NODE_LOSS || kind == FaultKind.ENCODER_NODE_LOSS) && !cluster) {
      throw new ConfigException(
          "config key '"
              + key
              + "': "
              + kind.configName()
              + " needs a cluster run (edgetune node); a single-JVM simulation has no nodes to lose");
    }
  }

  private static Duration seconds(double s) {
    return Duration.ofMillis(Math.round(1000 * s));
  }
}
