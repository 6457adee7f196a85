package org.edgetune.schedule;

import java.util.List;

/**
 * What happened in one round: the grants that stood after the budget guard, each device's energy
 * ({@code energyJ[k]}, 0 if not scheduled) and latency (0 if not scheduled), the round's latency
 * (the slowest scheduled device), how many grants the guard refused, the policy's objective, and
 * the queue backlogs after the round's update (mean and max over devices, J).
 */
public record RoundOutcome(
    long round,
    List<Grant> grants,
    double[] energyJ,
    double[] latencyS,
    double roundLatencyS,
    int guardRefusals,
    double objective,
    double meanBacklogJ,
    double maxBacklogJ) {

  public int scheduled() {
    return grants.size();
  }
}
