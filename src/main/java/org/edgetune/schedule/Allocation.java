package org.edgetune.schedule;

/**
 * The optimal bandwidth for one scheduled set: {@code shares[j]} belongs to candidate {@code
 * members[j]}; {@code lnMultiplier} is ln λ of the bandwidth constraint and {@code energyCost} is Σ
 * w_i·E_i(β_i).
 */
record Allocation(int[] members, double[] shares, double lnMultiplier, double energyCost) {

  static final Allocation EMPTY = new Allocation(new int[0], new double[0], Double.NaN, 0);

  int size() {
    return members.length;
  }
}
