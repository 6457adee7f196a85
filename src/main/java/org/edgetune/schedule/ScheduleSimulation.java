package org.edgetune.schedule;

import java.util.List;
import java.util.function.Consumer;
import org.edgetune.wireless.Cell;
import org.edgetune.wireless.DeviceProfile;
import org.edgetune.wireless.WirelessModel;
import org.edgetune.wireless.WirelessSettings;

/**
 * The wireless cell and one policy with no training: devices placed once, fresh fading every round,
 * the scheduler's accounting, and per-device totals at the end. Runs with the same seed see the
 * same placement and channels whatever the policy (paired comparisons).
 */
public final class ScheduleSimulation {

  /** Totals over a run. {@code energyJ[k]} is device k's total energy. */
  public record Result(
      String policy,
      long seed,
      int rounds,
      int devices,
      double[] energyJ,
      double budgetPerRoundJ,
      long scheduledTotal,
      double latencyTotalS,
      long guardRefusals,
      double backlogMeanSum,
      double boundSum,
      int idleRounds,
      int longestIdleRun) {

    /** min over devices of (average energy per round ÷ budget per round). */
    public double minEnergyRatio() {
      double min = Double.POSITIVE_INFINITY;
      for (double e : energyJ) {
        min = Math.min(min, e / rounds / budgetPerRoundJ);
      }
      return min;
    }

    /** Mean over devices of (average energy per round ÷ budget per round). */
    public double meanEnergyRatio() {
      double sum = 0;
      for (double e : energyJ) {
        sum += e / rounds / budgetPerRoundJ;
      }
      return sum / energyJ.length;
    }

    /** Share of rounds in which nobody was scheduled. */
    public double idleShare() {
      return (double) idleRounds / rounds;
    }

    /** max over devices of (average energy per round ÷ budget per round). */
    public double maxEnergyRatio() {
      double max = 0;
      for (double e : energyJ) {
        max = Math.max(max, e / rounds / budgetPerRoundJ);
      }
      return max;
    }

    public double meanScheduled() {
      return (double) scheduledTotal / rounds;
    }

    public double meanRoundLatencyS() {
      return latencyTotalS / rounds;
    }

    /** Mean over rounds of the mean queue backlog across devices (J). */
    public double meanBacklogJ() {
      return backlogMeanSum / rounds;
    }
  }

  private final WirelessSettings wireless;
  private final ScheduleSettings schedule;
  private final long seed;

  public ScheduleSimulation(WirelessSettings wireless, ScheduleSettings schedule, long seed) {
    this.wireless = wireless;
    this.schedule = schedule;
    this.seed = seed;
  }

  public Result run() {
    return run(outcome -> {});
  }

  /** Runs {@code schedule.rounds()} rounds, handing each round's outcome to {@code perRound}. */
  public Result run(Consumer<RoundOutcome> perRound) {
    WirelessModel model = new WirelessModel(wireless);
    List<DeviceProfile> devices = Cell.place(wireless, seed);
    int k = devices.size();
    SchedulingPolicy policy = Policies.create(schedule.policy(), schedule, model, k, seed);
    Scheduler scheduler = new Scheduler(policy, model, schedule, k);
    double[] energy = new double[k];
    long scheduled = 0;
    long refusals = 0;
    double latency = 0;
    double backlog = 0;
    ConvergenceBound bound = ConvergenceBound.of(schedule, wireless.workload().batchSize(), k);
    IdleRuns idle = new IdleRuns();
    double boundSum = 0;
    for (int t = 0; t < schedule.rounds(); t++) {
      RoundOutcome outcome = scheduler.step(t, ChannelReports.forRound(devices, seed, t));
      for (Grant g : outcome.grants()) {
        energy[g.device()] += outcome.energyJ()[g.device()];
      }
      boundSum += bound.weight(t, schedule.rounds()) * bound.phi(outcome.scheduled());
      idle.record(outcome.scheduled() == 0);
      scheduled += outcome.scheduled();
      refusals += outcome.guardRefusals();
      latency += outcome.roundLatencyS();
      backlog += outcome.meanBacklogJ();
      perRound.accept(outcome);
    }
    return new Result(
        policy.name(),
        seed,
        schedule.rounds(),
        k,
        energy,
        schedule.energyBudgetJ(),
        scheduled,
        latency,
        refusals,
        backlog,
        boundSum,
        idle.total(),
        idle.longest());
  }
}
