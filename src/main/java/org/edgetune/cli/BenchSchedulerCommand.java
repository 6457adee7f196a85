package org.edgetune.cli;

import com.typesafe.config.Config;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import org.edgetune.config.ConfigLoader;
import org.edgetune.schedule.ChannelReport;
import org.edgetune.schedule.ChannelReports;
import org.edgetune.schedule.Policies;
import org.edgetune.schedule.RoundOutcome;
import org.edgetune.schedule.ScheduleSettings;
import org.edgetune.schedule.Scheduler;
import org.edgetune.wireless.Cell;
import org.edgetune.wireless.DeviceProfile;
import org.edgetune.wireless.WirelessModel;
import org.edgetune.wireless.WirelessSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code edgetune bench scheduler}: the per-round time of a policy for growing K. Each K runs a
 * live scheduler (queues fill and drain as in a real run); a round's time covers the decision and
 * its accounting. Two regimes: a horizon of one round, so every round has bound weight w_t = 1 (the
 * busiest regime, which the last rounds of any run reach), and the first rounds of a long horizon
 * (T = {@value #LONG_HORIZON}), where w_t = ρ^(T−1−t) ≪ 1. The warm-up lets the queues settle and
 * the JIT compile the hot paths. The median and 95th percentile of the timed rounds are printed as
 * wall time and as the thread's CPU time, which other processes on a shared machine do not inflate.
 * With {@code lyapunov-v = auto} the bench uses V = {@value #BENCH_V}: a rehearsal per K would cost
 * more than the bench.
 */
@Command(
    name = "scheduler",
    mixinStandardHelpOptions = true,
    description = "Per-round solve time of a scheduling policy for K = 10 … 100,000.")
final class BenchSchedulerCommand implements Callable<Integer> {

  private static final int LONG_HORIZON = 3000;
  private static final double BENCH_V = 0.1;

  @Option(names = "--config", description = "Scenario file (default: library defaults).")
  Path config;

  @Option(
      names = "--policy",
      defaultValue = "lyapunov",
      description = "Policy to time (default: ${DEFAULT-VALUE}).")
  String policy;

  @Option(
      names = "--devices",
      split = ",",
      defaultValue = "10,100,1000,10000,100000",
      description = "Values of K (default: ${DEFAULT-VALUE}).")
  int[] devices;

  @Option(
      names = "--rounds",
      defaultValue = "200",
      description = "Timed rounds per K (default: ${DEFAULT-VALUE}).")
  int rounds;

  @Option(
      names = "--warmup",
      defaultValue = "300",
      description = "Untimed rounds per K first (default: ${DEFAULT-VALUE}).")
  int warmup;

  @Override
  public Integer call() {
    if (!Policies.NAMES.contains(policy)) {
      throw new BadInputException(
          "unknown policy '" + policy + "'; known: " + String.join(", ", Policies.NAMES));
    }
    if (rounds < 1 || warmup < 0 || Arrays.stream(devices).anyMatch(k -> k < 1)) {
      throw new BadInputException("--rounds must be ≥ 1, --warmup ≥ 0 and every K ≥ 1");
    }
    Config root = ConfigLoader.load(config, List.of());
    EverySection.validate(root, false);
    long seed = root.getLong("edgetune.seed");
    ScheduleSettings configured = ScheduleSettings.from(root);
    ScheduleSettings base = configured.autoV() ? configured.withV(BENCH_V) : configured;
    System.out.printf(
        "policy %s, V = %s, %d warm-up + %d timed rounds per K and regime, %d cores%n",
        policy, base.lyapunovV(), warmup, rounds, Runtime.getRuntime().availableProcessors());
    System.out.printf(
        "%-22s %10s %12s %12s %12s %14s %14s %8s%n",
        "regime", "K", "median ms", "p95 ms", "max ms", "cpu median ms", "cpu p95 ms", "mean N");
    if (warmup + rounds > LONG_HORIZON) {
      throw new BadInputException(
          "--warmup + --rounds must stay within the long horizon T = " + LONG_HORIZON);
    }
    for (int k : devices) {
      time(root, seed, base.withPolicy(policy).withRounds(1), k, "last round, w_t = 1");
    }
    for (int k : devices) {
      time(
          root,
          seed,
          base.withPolicy(policy).withRounds(LONG_HORIZON),
          k,
          "T = " + LONG_HORIZON + ", first rounds");
    }
    return 0;
  }

  private void time(Config root, long seed, ScheduleSettings settings, int k, String regime) {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    WirelessSettings wireless = WirelessSettings.from(root).withDevices(k);
    WirelessModel model = new WirelessModel(wireless);
    List<DeviceProfile> cell = Cell.place(wireless, seed);
    Scheduler scheduler =
        new Scheduler(Policies.create(policy, settings, model, k, seed), model, settings, k);
    double[] millis = new double[rounds];
    double[] cpuMillis = new double[rounds];
    long scheduled = 0;
    for (int t = 0; t < warmup + rounds; t++) {
      List<ChannelReport> reports = ChannelReports.forRound(cell, seed, t);
      long cpuStart = threads.getCurrentThreadCpuTime();
      long start = System.nanoTime();
      RoundOutcome outcome = scheduler.step(t, reports);
      long elapsed = System.nanoTime() - start;
      long cpuElapsed = threads.getCurrentThreadCpuTime() - cpuStart;
      if (t >= warmup) {
        millis[t - warmup] = elapsed / 1e6;
        cpuMillis[t - warmup] = cpuElapsed / 1e6;
        scheduled += outcome.scheduled();
      }
    }
    Arrays.sort(millis);
    Arrays.sort(cpuMillis);
    System.out.printf(
        "%-22s %10d %12.3f %12.3f %12.3f %14.3f %14.3f %8.1f%n",
        regime,
        k,
        percentile(millis, 0.5),
        percentile(millis, 0.95),
        millis[rounds - 1],
        percentile(cpuMillis, 0.5),
        percentile(cpuMillis, 0.95),
        (double) scheduled / rounds);
  }

  private static double percentile(double[] sorted, double p) {
    int index = (int) Math.ceil(p * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }
}
