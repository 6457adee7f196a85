package org.edgetune.schedule;

/** Counts rounds without any scheduled device and the longest run of them. */
public final class IdleRuns {

  private int total;
  private int current;
  private int longest;

  public void record(boolean idle) {
    if (idle) {
      total++;
      current++;
      longest = Math.max(longest, current);
    } else {
      current = 0;
    }
  }

  public int total() {
    return total;
  }

  public int longest() {
    return longest;
  }
}
