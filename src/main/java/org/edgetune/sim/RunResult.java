package org.edgetune.sim;

import java.util.List;
import org.edgetune.train.BinaryScores;

/** What a finished simulation hands back: every round's record and the last evaluation. */
public record RunResult(List<RoundRecord> rounds, BinaryScores finalScores, int devices) {

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
