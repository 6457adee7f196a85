package org.edgetune.schedule;

/** Sorting indices by a key without boxing: each non-negative key and its index share one long. */
final class Ranking {

  /** Index bits in the packed long; keys keep 28 mantissa bits (relative resolution 4e-9). */
  private static final int INDEX_BITS = 24;
  private static final long INDEX_MASK = (1L << INDEX_BITS) - 1;

  private Ranking() {}

  /**
   * Indices 0..n−1 in ascending order of {@code key}; ties (and keys closer than the resolution)
   * go by index, so the order is deterministic. Keys may be any finite doubles or +∞.
   */
  static int[] ascending(double[] key) {
    int n = key.length;
    if (n > INDEX_MASK + 1) {
      throw new IllegalArgumentException("at most " + (INDEX_MASK + 1) + " items can be ranked");
    }
    long[] packed = new long[n];
    for (int i = 0; i < n; i++) {
      packed[i] = (orderedBits(key[i]) & ~INDEX_MASK) | i;
    }
    java.util.Arrays.sort(packed);
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = (int) (packed[i] & INDEX_MASK);
    }
    return order;
  }

  /** A long whose signed order matches the double's order (negative doubles included). */
  private static long orderedBits(double value) {
    long bits = Double.doubleToLongBits(value);
    return bits >= 0 ? bits : bits ^ Long.MAX_VALUE;
  }
}
