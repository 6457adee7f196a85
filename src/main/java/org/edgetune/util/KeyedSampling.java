package org.edgetune.util;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Shuffles and samples driven by a keyed stream ({@link KeyedRandom}), written once: a seed's
 * partitions, mini-batches and random schedules all come from here ({@code Collections.shuffle}
 * wants a {@code java.util.Random}, which is not keyed).
 */
public final class KeyedSampling {

  /**
   * Local steps per round that {@link #roundStep} can key apart; {@code local-steps} is capped
   * below it.
   */
  public static final int MAX_STEPS_PER_ROUND = 1_000;

  private KeyedSampling() {}

  /** A shuffled copy (Fisher–Yates from the last position down). */
  public static <T> List<T> shuffled(List<T> items, SplittableRandom random) {
    List<T> copy = new ArrayList<>(items);
    for (int i = copy.size() - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      T swap = copy.get(i);
      copy.set(i, copy.get(j));
      copy.set(j, swap);
    }
    return copy;
  }

  /** A random order of 0..n−1 (Fisher–Yates from the last position down). */
  public static int[] permutation(int n, SplittableRandom random) {
    int[] order = identity(n);
    for (int i = n - 1; i > 0; i--) {
      swap(order, i, random.nextInt(i + 1));
    }
    return order;
  }

  /**
   * min(n, pool.length) distinct elements of {@code pool}, uniformly, in draw order (partial
   * Fisher–Yates from the first position up); the pool is left permuted.
   */
  public static int[] sample(int[] pool, int n, SplittableRandom random) {
    int count = Math.min(n, pool.length);
    for (int i = 0; i < count; i++) {
      swap(pool, i, i + random.nextInt(pool.length - i));
    }
    return Arrays.copyOf(pool, count);
  }

  /** 0..n−1. */
  public static int[] identity(int n) {
    int[] values = new int[n];
    for (int i = 0; i < n; i++) {
      values[i] = i;
    }
    return values;
  }

  /**
   * The "round" part of a key for a draw made once per local step: round·1000 + step, distinct for
   * every (round, step) with 0 ≤ step < {@value #MAX_STEPS_PER_ROUND}.
   *
   * @throws IllegalArgumentException for a step outside that range, whose key would collide
   */
  public static long roundStep(long round, int step) {
    if (step < 0 || step >= MAX_STEPS_PER_ROUND) {
      throw new IllegalArgumentException(
          "local step "
              + step
              + " is outside 0.."
              + (MAX_STEPS_PER_ROUND - 1)
              + ": its random streams would collide");
    }
    return round * MAX_STEPS_PER_ROUND + step;
  }

  private static void swap(int[] values, int i, int j) {
    int t = values[i];
    values[i] = values[j];
    values[j] = t;
  }
}
