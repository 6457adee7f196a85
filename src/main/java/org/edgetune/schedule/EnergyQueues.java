package org.edgetune.schedule;

import java.util.Arrays;

/** Virtual energy queues Q_k(t+1) = max(Q_k(t) + a_k(t)·E_k(t) − Ē_k, 0), in joules; start empty. */
public final class EnergyQueues {

  private final double[] backlog;
  private final double budgetJ;

  public EnergyQueues(int devices, double budgetPerRoundJ) {
    this.backlog = new double[devices];
    this.budgetJ = budgetPerRoundJ;
  }

  public int size() {
    return backlog.length;
  }

  public double backlog(int device) {
    return backlog[device];
  }

  /** Advances every queue by one round; {@code energyJ[k]} is 0 for devices not scheduled. */
  public void update(double[] energyJ) {
    for (int k = 0; k < backlog.length; k++) {
      backlog[k] = Math.max(backlog[k] + energyJ[k] - budgetJ, 0);
    }
  }

  public double mean() {
    return Arrays.stream(backlog).average().orElse(0);
  }

  public double max() {
    return Arrays.stream(backlog).max().orElse(0);
  }
}
