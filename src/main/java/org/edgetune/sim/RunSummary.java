package org.edgetune.sim;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.edgetune.model.BertDims;
import org.edgetune.schedule.AutoV;
import org.edgetune.schedule.ConvergenceBound;
import org.edgetune.schedule.Policies;
import org.edgetune.schedule.ScheduleSettings;

/** The fields of {@code summary.json} (DESIGN.md §8), computed from a finished run. */
public final class RunSummary {

  private RunSummary() {}

  /**
   * @param dims the trained model's sizes, which the energy model (and so an {@code auto} V)
   *     follows
   */
  public static Map<String, Object> of(
      SimulationSettings settings, BertDims dims, RunResult result, double wallSeconds) {
    int k = result.devices();
    int rounds = result.rounds().size();
    double budget = settings.schedule().energyBudgetJ();
    double[] average = Arrays.stream(result.energyTotalsJ()).map(e -> e / rounds).toArray();
    double maxRatio = Arrays.stream(average).map(e -> e / budget).max().orElse(0);
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("policy", settings.schedule().policy());
    summary.put("seed", settings.seed());
    summary.put("rounds", rounds);
    summary.put("devices", k);
    summary.put("partition", settings.data().partition().configName());
    summary.put("model", settings.model().model().configName());
    summary.put("trainable", settings.train().trainable().configName());
    summary.put(
        "final_accuracy", result.finalScores() == null ? null : result.finalScores().accuracy());
    summary.put("final_f1", result.finalScores() == null ? null : result.finalScores().f1());
    if (settings.data().classes().size() > 2) {
      summary.put("classes", settings.data().classes());
      summary.put(
          "final_macro_f1", result.finalScores() == null ? null : result.finalScores().macroF1());
    }
    summary.put("rounds_to_90", roundsToAccuracy(result, 0.90));
    summary.put("energy_budget_j", budget);
    summary.put("energy_credit_j", Policies.creditJ(settings.schedule()));
    summary.put("avg_energy_j", average);
    summary.put("max_energy_ratio", maxRatio);
    summary.put("mean_energy_ratio", Arrays.stream(average).average().orElse(0) / budget);
    summary.put("total_energy_j", Arrays.stream(result.energyTotalsJ()).sum());
    summary.put(
        "mean_scheduled",
        result.rounds().stream().mapToInt(RoundRecord::nScheduled).average().orElse(0));
    summary.put(
        "idle_share",
        rounds == 0
            ? 0
            : result.rounds().stream().filter(r -> r.nScheduled() == 0).count() / (double) rounds);
    summary.put("bound_sum", boundSum(settings, result));
    summary.put("lyapunov_v", lyapunovV(settings, dims));
    summary.put("lyapunov_v_auto", settings.schedule().autoV());
    summary.put(
        "mean_round_latency_s",
        result.rounds().stream().mapToDouble(RoundRecord::roundLatencyS).average().orElse(0));
    summary.put("dropped_total", result.rounds().stream().mapToInt(r -> r.dropped().size()).sum());
    summary.put(
        "guard_refusals", result.rounds().stream().mapToInt(RoundRecord::guardRefusals).sum());
    summary.put(
        "faults_injected",
        result.rounds().stream().mapToInt(r -> r.faults() == null ? 0 : r.faults().size()).sum());
    summary.put(
        "rounds_retried", result.rounds().stream().filter(r -> r.retries() != null).count());
    // No update, whatever the cause: nobody schedulable (every channel out, every report lost), the
    // policy scheduled nobody, every scheduled device dropped, or the server gave up after its
    // retries.
    summary.put(
        "rounds_without_update",
        result.rounds().stream().filter(r -> r.completed().isEmpty()).count());
    summary.put(
        "rounds_all_dropped",
        result.rounds().stream()
            .filter(r -> r.nScheduled() > 0 && r.completed().isEmpty())
            .count());
    summary.put("rounds_wall_seconds", result.roundsWallSeconds());
    summary.put("model_compute_seconds", result.modelComputeSeconds());
    summary.put(
        "actor_overhead_share",
        result.roundsWallSeconds() == 0
            ? 0
            : Math.max(0, 1 - result.modelComputeSeconds() / result.roundsWallSeconds()));
    summary.put("wall_seconds", wallSeconds);
    return summary;
  }

  /**
   * The V the run's policy used: with {@code auto} the one its rehearsal chose (the rehearsal is
   * deterministic, so running it again gives the policy's own V); null for a policy without V.
   */
  static Double lyapunovV(SimulationSettings settings, BertDims dims) {
    ScheduleSettings schedule = settings.schedule();
    if (!Policies.tunedByV(schedule.policy())) {
      return schedule.autoV() ? null : schedule.lyapunovV();
    }
    return AutoV.resolve(schedule, settings.wirelessFor(dims), settings.seed()).lyapunovV();
  }

  /** Σ_t w_t·Φ(N_t), the part of the bound the scheduler controls (README, the wireless model). */
  static double boundSum(SimulationSettings settings, RunResult result) {
    ConvergenceBound bound =
        ConvergenceBound.of(settings.schedule(), settings.train().batchSize(), result.devices());
    double sum = 0;
    for (RoundRecord r : result.rounds()) {
      sum += bound.weight(r.round(), settings.rounds()) * bound.phi(r.nScheduled());
    }
    return sum;
  }

  /** The first round (1-based count) whose evaluation reached the accuracy, or null if none did. */
  static Integer roundsToAccuracy(RunResult result, double accuracy) {
    for (RoundRecord r : result.rounds()) {
      if (r.accuracy() != null && r.accuracy() >= accuracy) {
        return (int) r.round() + 1;
      }
    }
    return null;
  }
}
