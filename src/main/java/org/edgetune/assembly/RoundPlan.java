package org.edgetune.assembly;

import java.time.Duration;

/**
 * The fixed facts of a run that the round driver needs.
 *
 * @param evaluateBeside evaluate beside the following rounds instead of between them
 */
public record RoundPlan(
    long rounds,
    int localSteps,
    int evalEvery,
    Duration roundTimeout,
    int devices,
    int roundRetries,
    boolean evaluateBeside) {

  /** The same plan with another round deadline. */
  public RoundPlan withRoundTimeout(Duration timeout) {
    return new RoundPlan(
        rounds, localSteps, evalEvery, timeout, devices, roundRetries, evaluateBeside);
  }
}
