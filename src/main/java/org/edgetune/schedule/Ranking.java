package org.edgetune.schedule;

import java.util.Arrays;

/** Sorting indices by a key without boxing: each key and its index share one long. */
final class Ranking {

  /** Index bits in the packed long; keys keep 28 mantissa bits (relative resolution 4e-9). */
  private static final int INDEX_BITS = 24;

  private static final long INDEX_MASK = (1L << INDEX_BITS) - 1;

  private Ranking() {}

  /**
   * Indices 0..n−1 in ascending order of {@code key}; ties (and keys closer than the resolution) go
   * by index, so the order is deterministic. Keys may be any doubles but NaN.
   */
  static int[] ascending(double[] key) {
    long[] packed = new long[key.length];
    for (int i = 0; i < key.length; i++) {
      packed[i] = pack(key[i], i);
    }
    Arrays.sort(packed);
    return indices(packed);
  }

  /**
   * The indices of the {@code m} smallest keys, ascending: a bounded max-heap, O(n log m), which
   * for m ≪ n rejects most keys with a single comparison against the heap's top.
   */
  static int[] smallest(double[] key, int m) {
    if (m >= key.length) {
      return ascending(key);
    }
    long[] heap = new long[m];
    for (int i = 0; i < m; i++) {
      heap[i] = pack(key[i], i);
      siftUp(heap, i);
    }
    for (int i = m; i < key.length; i++) {
      long p = pack(key[i], i);
      if (p < heap[0]) {
        heap[0] = p;
        siftDown(heap, m);
      }
    }
    Arrays.sort(heap);
    return indices(heap);
  }

  private static long pack(double key, int index) {
    if (index > INDEX_MASK) {
      throw new IllegalArgumentException("at most " + (INDEX_MASK + 1) + " items can be ranked");
    }
    long bits = Double.doubleToLongBits(key);
    // Flip the magnitude bits of negative doubles so that signed long order is numeric order.
    long ordered = bits >= 0 ? bits : bits ^ Long.MAX_VALUE;
    return (ordered & ~INDEX_MASK) | index;
  }

  private static int[] indices(long[] packed) {
    int[] order = new int[packed.length];
    for (int i = 0; i < packed.length; i++) {
      order[i] = (int) (packed[i] & INDEX_MASK);
    }
    return order;
  }

  private static void siftUp(long[] heap, int i) {
    while (i > 0) {
      int parent = (i - 1) / 2;
      if (heap[parent] >= heap[i]) {
        return;
      }
      long t = heap[parent];
      heap[parent] = heap[i];
      heap[i] = t;
      i = parent;
    }
  }

  private static void siftDown(long[] heap, int size) {
    int i = 0;
    while (true) {
      int largest = i;
      int left = 2 * i + 1;
      if (left < size && heap[left] > heap[largest]) {
        largest = left;
      }
      if (left + 1 < size && heap[left + 1] > heap[largest]) {
        largest = left + 1;
      }
      if (largest == i) {
        return;
      }
      long t = heap[largest];
      heap[largest] = heap[i];
      heap[i] = t;
      i = largest;
    }
  }
}
