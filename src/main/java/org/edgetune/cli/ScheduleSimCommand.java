package org.edgetune.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import org.edgetune.schedule.AutoV;
import org.edgetune.schedule.Grant;
import org.edgetune.schedule.Policies;
import org.edgetune.schedule.RoundOutcome;
import org.edgetune.schedule.ScheduleSettings;
import org.edgetune.schedule.ScheduleSimulation;
import org.edgetune.wireless.WirelessSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code edgetune schedule-sim}: the wireless cell and one scheduling policy, no training. Writes
 * {@code metrics.jsonl} (one object per round), {@code summary.json}, the resolved {@code
 * config.conf} and PNG plots into the output directory.
 */
@Command(
    name = "schedule-sim",
    mixinStandardHelpOptions = true,
    description = "Simulate the wireless cell and a scheduling policy without training.")
final class ScheduleSimCommand implements Callable<Integer> {

  /** Runs at least this long (rounds, or device-rounds) show a progress bar on stderr. */
  private static final int PROGRESS_ROUNDS = 1_000;

  private static final long PROGRESS_DEVICE_ROUNDS = 1_000_000;

  /**
   * Per-device details (grants per round, average energy per device) are kept below these sizes.
   */
  private static final int MAX_LOGGED_GRANTS = 1_000;

  private static final int MAX_LOGGED_DEVICES = 10_000;

  static final long BYTES_PER_DEVICE = 256;
  static final long BYTES_PER_ROUND = 64;
  static final long BASE_BYTES = 64L << 20;

  @Mixin RunOptions options;

  @Option(
      names = "--policy",
      description = "One of: ${COMPLETION-CANDIDATES}; default from the config.",
      completionCandidates = PolicyNames.class)
  String policy;

  @Option(names = "--devices", description = "Number of devices K (default from the config).")
  Integer devices;

  @Option(names = "--rounds", description = "Number of rounds T (default from the config).")
  Integer rounds;

  /** The policy names for picocli's help text. */
  static final class PolicyNames extends ArrayList<String> {
    PolicyNames() {
      super(Policies.NAMES);
    }
  }

  @Override
  public Integer call() {
    if (policy != null && !Policies.isKnown(policy)) {
      throw new BadInputException(
          "unknown policy '"
              + policy
              + "'; known: "
              + String.join(", ", Policies.NAMES)
              + ", or class:NAME (a policy of your own, with --classpath)");
    }
    if (devices != null && devices < 1) {
      throw new BadInputException("--devices must be at least 1, not " + devices);
    }
    if (rounds != null && rounds < 1) {
      throw new BadInputException("--rounds must be at least 1, not " + rounds);
    }
    options.refuseFaults("schedule-sim has no training to fail");
    Config root = withOptions(options.loadConfig());
    EverySection.validate(root, false);
    WirelessSettings wireless = WirelessSettings.from(root);
    ScheduleSettings schedule = ScheduleSettings.from(root);
    long seed = root.getLong("edgetune.seed");
    boolean autoV = schedule.autoV();
    checkHeap(wireless.devices(), schedule.rounds(), Runtime.getRuntime().maxMemory());
    OutputTarget target = options.outputTarget("schedule-sim-" + schedule.policy());
    if (autoV && Policies.tunedByV(schedule.policy())) {
      schedule = AutoV.resolve(schedule, wireless, seed);
      System.out.printf(
          "lyapunov-v = auto: the rehearsal chose V = %.6g (every device within %.0f%% of its budget)%n",
          schedule.lyapunovV(), 100 * (1 - schedule.lyapunov().autoVMargin()));
    }
    ScheduleSettings resolved = schedule;

    long started = System.nanoTime();
    RunSeries series = new RunSeries(resolved.rounds());
    ScheduleSimulation.Result result =
        target.write(
            output -> {
              try (ProgressBar progress = progressBar(resolved, wireless)) {
                output.writeText("config.conf", RunOptions.render(root));
                ScheduleSimulation.Result r =
                    new ScheduleSimulation(wireless, resolved, seed)
                        .run(
                            outcome -> {
                              series.record(outcome);
                              output.appendMetrics(metrics(outcome));
                              if (progress != null) {
                                progress.step();
                              }
                            });
                double wallSeconds = (System.nanoTime() - started) / 1e9;
                output.writeJson("summary.json", summary(r, resolved, autoV, wallSeconds));
                ScheduleSimPlots.write(output, series, r);
                return r;
              }
            });
    System.out.printf(
        "%s: K = %d, T = %d, energy ratio max %.4f, mean %.4f, min %.4f, mean scheduled %.2f, "
            + "idle rounds %.1f%% (longest run %d), bound sum %.4f, guard binds %d -> %s%n",
        result.policy(),
        result.devices(),
        result.rounds(),
        result.maxEnergyRatio(),
        result.meanEnergyRatio(),
        result.minEnergyRatio(),
        result.meanScheduled(),
        100 * result.idleShare(),
        result.longestIdleRun(),
        result.boundSum(),
        result.guardRefusals(),
        target.path());
    return 0;
  }

  /**
   * Refuses a run whose heap need exceeds the JVM's, before anything is written: an
   * OutOfMemoryError half-way would leave a half-written directory and a stack trace. Measured here
   * (lyapunov, full and myopic at K = 1,000,000, T = 3): the run completes with a 256 MB heap and
   * fails with 128 MB, so {@link #BYTES_PER_DEVICE} is an upper bound; each round keeps {@link
   * #BYTES_PER_ROUND} for the plots.
   */
  static void checkHeap(long devices, long rounds, long maxHeapBytes) {
    long need = BASE_BYTES + devices * BYTES_PER_DEVICE + rounds * BYTES_PER_ROUND;
    if (need > maxHeapBytes) {
      throw new BadInputException(
          String.format(
              "schedule-sim with K = %d devices and T = %d rounds needs about "
                  + "%.1f GB of heap, this JVM has %.1f GB: give it more (EDGETUNE_JAVA_OPTS=-Xmx%dg) or use fewer --devices",
              devices,
              rounds,
              need / 1e9,
              maxHeapBytes / 1e9,
              (long) Math.ceil(need * 1.25 / (1L << 30))));
    }
  }

  /**
   * The config with --devices, --policy and --rounds written into it, so config.conf is what ran.
   */
  private Config withOptions(Config root) {
    if (devices != null) {
      root = root.withValue("edgetune.wireless.devices", ConfigValueFactory.fromAnyRef(devices));
    }
    if (policy != null) {
      root = root.withValue("edgetune.schedule.policy", ConfigValueFactory.fromAnyRef(policy));
    }
    if (rounds != null) {
      root = root.withValue("edgetune.schedule.rounds", ConfigValueFactory.fromAnyRef(rounds));
    }
    return root;
  }

  private static ProgressBar progressBar(ScheduleSettings schedule, WirelessSettings wireless) {
    long work = (long) schedule.rounds() * wireless.devices();
    if (schedule.rounds() < PROGRESS_ROUNDS && work < PROGRESS_DEVICE_ROUNDS) {
      return null;
    }
    return new ProgressBarBuilder()
        .setTaskName("schedule-sim")
        .setInitialMax(schedule.rounds())
        .setConsumer(new ConsoleProgressBarConsumer(System.err))
        .setUpdateIntervalMillis(500)
        .build();
  }

  private static Map<String, Object> metrics(RoundOutcome o) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("round", o.round());
    m.put("scheduled", o.scheduled());
    m.put("round_latency_s", o.roundLatencyS());
    m.put("objective", Double.isNaN(o.objective()) ? null : o.objective());
    m.put("guard_refusals", o.guardRefusals());
    m.put("queue_mean_j", o.meanBacklogJ());
    m.put("queue_max_j", o.maxBacklogJ());
    double total = 0;
    double max = 0;
    for (Grant g : o.grants()) {
      total += o.energyJ()[g.device()];
      max = Math.max(max, o.energyJ()[g.device()]);
    }
    m.put("energy_total_j", total);
    m.put("energy_max_j", max);
    if (o.scheduled() <= MAX_LOGGED_GRANTS) {
      List<Map<String, Object>> grants = new ArrayList<>(o.scheduled());
      for (Grant g : o.grants()) {
        grants.add(
            Map.of(
                "device",
                g.device(),
                "share",
                g.share(),
                "energy_j",
                o.energyJ()[g.device()],
                "latency_s",
                o.latencyS()[g.device()]));
      }
      m.put("grants", grants);
    }
    return m;
  }

  private static Map<String, Object> summary(
      ScheduleSimulation.Result r, ScheduleSettings s, boolean autoV, double wallSeconds) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("policy", r.policy());
    m.put("seed", r.seed());
    m.put("rounds", r.rounds());
    m.put("devices", r.devices());
    m.put("energy_budget_j", r.budgetPerRoundJ());
    m.put("max_energy_ratio", r.maxEnergyRatio());
    m.put("mean_energy_ratio", r.meanEnergyRatio());
    m.put("min_energy_ratio", r.minEnergyRatio());
    m.put("idle_share", r.idleShare());
    m.put("longest_idle_run", r.longestIdleRun());
    m.put("bound_sum", r.boundSum());
    m.put("mean_scheduled", r.meanScheduled());
    m.put("mean_round_latency_s", r.meanRoundLatencyS());
    m.put("mean_backlog_j", r.meanBacklogJ());
    m.put("guard_binds", r.guardRefusals());
    m.put("budget_guard", s.budgetGuard());
    m.put("lyapunov_v", s.autoV() ? null : s.lyapunovV());
    m.put("lyapunov_v_auto", autoV);
    m.put("wall_seconds", wallSeconds);
    if (r.devices() <= MAX_LOGGED_DEVICES) {
      double[] avg = new double[r.devices()];
      for (int k = 0; k < avg.length; k++) {
        avg[k] = r.energyJ()[k] / r.rounds();
      }
      m.put("avg_energy_j", avg);
    }
    return m;
  }
}
