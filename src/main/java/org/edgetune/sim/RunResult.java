package org.edgetune.sim;

import java.util.List;
import org.edgetune.train.Scores;

/**
 * What a finished simulation hands back: every round's record, the last evaluation, and the wall
 * time spent inside model compute (the rest of the rounds' wall time is the actor layer's share).
 */
public record RunResult(
    List<RoundRecord> rounds, Scores finalScores, int devices, double modelComputeSeconds) {

  public RunResult withModelComputeSeconds(double seconds) {
    return new RunResult(rounds, finalScores, devices, seconds);
  }

  /** Wall time from the start of the first round to the end of the last (s). */
  public double roundsWallSeconds() {
    return rounds.isEmpty() ? 0 : rounds.get(rounds.size() - 1).wallSeconds();
  }

  /** Total energy per device over the run (J). */
  public double[] energyTotalsJ() {
    double[] totals = new double[devices];
    for (RoundRecord r : rounds) {
      for (int k = 0; k < devices; k++) {
        totals[k] += r.energyJ()[k];
      }
    }
    return totals;
  }
}
