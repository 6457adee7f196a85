package org.edgetune.schedule.hostile;

import java.util.Arrays;
import org.edgetune.schedule.RoundDecision;
import org.edgetune.schedule.RoundInput;

/**
 * Tries to change what it was given every round — pushes every energy queue up by 1 kJ, then
 * decides like its base — and records whether the report list let itself be changed.
 */
public final class MutatingPolicy extends MisbehavingPolicy {

  /** Rounds in which changing the report list was refused. */
  public int refusedReportChanges;

  @Override
  public RoundDecision decide(RoundInput input) {
    double[] huge = new double[input.queues().size()];
    Arrays.fill(huge, 1000);
    input.queues().update(huge);
    try {
      input.reports().set(0, input.reports().get(0));
    } catch (UnsupportedOperationException e) {
      refusedReportChanges++;
    }
    return everyone(input);
  }

  @Override
  RoundDecision misbehave(RoundInput input) {
    return everyone(input);
  }
}
