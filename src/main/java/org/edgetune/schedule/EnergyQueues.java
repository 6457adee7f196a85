package org.edgetune.schedule;

/**
 * Virtual energy queues Q_k(t+1) = max(Q_k(t) + a_k(t)·E_k(t) − Ē_k, −C), in joules; start at 0. A
 * negative backlog is credit: budget left unspent, banked up to C (0: no credit).
 */
public final class EnergyQueues {

  private final double[] backlog;
  private final double budgetJ;
  private final double creditJ;

  public EnergyQueues(int devices, double budgetPerRoundJ) {
    this(devices, budgetPerRoundJ, 0);
  }

  public EnergyQueues(int devices, double budgetPerRoundJ, double creditJ) {
    this.backlog = new double[devices];
    this.budgetJ = budgetPerRoundJ;
    this.creditJ = creditJ;
  }

  public int size() {
    return backlog.length;
  }

  public double backlog(int device) {
    return backlog[device];
  }

  /** A copy of every backlog, in device order (for checkpoints). */
  public double[] backlogs() {
    return backlog.clone();
  }

  /**
   * An independent copy: what a plugin policy is handed, so that it cannot change the real queues.
   */
  public EnergyQueues copy() {
    EnergyQueues copy = new EnergyQueues(backlog.length, budgetJ, creditJ);
    System.arraycopy(backlog, 0, copy.backlog, 0, backlog.length);
    return copy;
  }

  /** The budget Ē_k per round (J). */
  public double budgetJ() {
    return budgetJ;
  }

  /** Sets every backlog, e.g. from a checkpoint; {@code backlogJ[k]} is device k's. */
  public void restore(double[] backlogJ) {
    if (backlogJ.length != backlog.length) {
      throw new IllegalArgumentException(
          "the checkpoint holds "
              + backlogJ.length
              + " energy queues, the run has "
              + backlog.length);
    }
    System.arraycopy(backlogJ, 0, backlog, 0, backlog.length);
  }

  /** Advances every queue by one round; {@code energyJ[k]} is 0 for devices not scheduled. */
  public void update(double[] energyJ) {
    for (int k = 0; k < backlog.length; k++) {
      backlog[k] = Math.max(backlog[k] + energyJ[k] - budgetJ, -creditJ);
    }
  }

  public double mean() {
    double sum = 0;
    for (double q : backlog) {
      sum += q;
    }
    return backlog.length == 0 ? 0 : sum / backlog.length;
  }

  public double max() {
    double max = backlog.length == 0 ? 0 : Double.NEGATIVE_INFINITY;
    for (double q : backlog) {
      max = Math.max(max, q);
    }
    return max;
  }
}
