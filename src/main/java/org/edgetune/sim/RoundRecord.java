package org.edgetune.sim;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * One line of {@code metrics.jsonl}: what happened in a round. Everything but {@code wall_seconds}
 * is a function of the seed and the config, so two runs can be compared line by line.
 *
 * @param energyJ energy each device spent this round, indexed by device id (0 when idle)
 * @param shares uplink share of each scheduled device, in the order of {@code scheduled}
 * @param accuracy test accuracy after the round (null when the round did not evaluate)
 * @param faults the injected faults that hit the round (null when none)
 * @param retries how often the round was run again after the edge server crashed (null when never)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RoundRecord(
    long round,
    @JsonProperty("reported") int reported,
    @JsonProperty("scheduled") List<Integer> scheduled,
    @JsonProperty("shares") List<Double> shares,
    @JsonProperty("n_scheduled") int nScheduled,
    @JsonProperty("completed") List<Integer> completed,
    @JsonProperty("dropped") List<Integer> dropped,
    @JsonProperty("train_loss") Double trainLoss,
    @JsonProperty("energy_j") double[] energyJ,
    @JsonProperty("round_energy_j") double roundEnergyJ,
    @JsonProperty("round_latency_s") double roundLatencyS,
    @JsonProperty("objective") Double objective,
    @JsonProperty("mean_backlog_j") double meanBacklogJ,
    @JsonProperty("max_backlog_j") double maxBacklogJ,
    @JsonProperty("guard_refusals") int guardRefusals,
    @JsonProperty("accuracy") Double accuracy,
    @JsonProperty("f1") Double f1,
    @JsonProperty("faults") List<String> faults,
    @JsonProperty("retries") Integer retries,
    @JsonProperty("wall_seconds") double wallSeconds) {

  /**
   * This round's line with the test scores of an evaluation that finished after the round was
   * recorded.
   */
  public RoundRecord withScores(Double accuracy, Double f1) {
    return new RoundRecord(
        round,
        reported,
        scheduled,
        shares,
        nScheduled,
        completed,
        dropped,
        trainLoss,
        energyJ,
        roundEnergyJ,
        roundLatencyS,
        objective,
        meanBacklogJ,
        maxBacklogJ,
        guardRefusals,
        accuracy,
        f1,
        faults,
        retries,
        wallSeconds);
  }
}
