package org.edgetune.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The keyed shuffles and samples: uniform (chi-square over every outcome of a small case), made of
 * the input's elements, and the very draws the hand-written loops they replace made (those loops
 * are copied here as the oracle, so a seed's partitions, mini-batches and schedules are unchanged).
 * The round-and-step key is injective in its range and refuses steps outside it.
 */
class KeyedSamplingTest {

  @Test
  void permutationsOfThreeAreUniform() {
    Map<String, Integer> counts = new HashMap<>();
    int draws = 60_000;
    for (int t = 0; t < draws; t++) {
      int[] order = KeyedSampling.permutation(3, KeyedRandom.stream(1, StreamPurpose.BATCH, 0, t));
      counts.merge(Arrays.toString(order), 1, Integer::sum);
    }
    assertThat(counts).hasSize(6);
    assertThat(chiSquare(counts.values(), draws / 6.0)).isLessThan(20.5); // 5 dof, p = 0.001
  }

  @Test
  void samplesOfTwoFromFiveAreUniformOrderedPairs() {
    Map<String, Integer> counts = new HashMap<>();
    int draws = 100_000;
    for (int t = 0; t < draws; t++) {
      int[] sample =
          KeyedSampling.sample(
              KeyedSampling.identity(5), 2, KeyedRandom.stream(2, StreamPurpose.BATCH, 0, t));
      counts.merge(Arrays.toString(sample), 1, Integer::sum);
    }
    assertThat(counts).hasSize(20);
    assertThat(chiSquare(counts.values(), draws / 20.0)).isLessThan(43.8); // 19 dof, p = 0.001
  }

  @Test
  void theDrawsAreThoseOfTheLoopsTheyReplace() {
    SplittableRandom cases = new SplittableRandom(11);
    for (int c = 0; c < 2_000; c++) {
      int n = cases.nextInt(0, 40);
      int k = cases.nextInt(0, 45);
      long key = cases.nextLong();
      List<Integer> items = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        items.add(i * 3 + 1);
      }
      assertThat(KeyedSampling.shuffled(items, new SplittableRandom(key)))
          .isEqualTo(oldShuffle(items, new SplittableRandom(key)));
      assertThat(KeyedSampling.permutation(n, new SplittableRandom(key)))
          .isEqualTo(oldPermutation(n, new SplittableRandom(key)));
      int[] sampled = KeyedSampling.sample(KeyedSampling.identity(n), k, new SplittableRandom(key));
      assertThat(sampled).isEqualTo(oldBatchRows(n, k, new SplittableRandom(key)));
      Set<Integer> distinct = new HashSet<>();
      Arrays.stream(sampled).forEach(distinct::add);
      assertThat(distinct).hasSize(Math.min(n, k)).allMatch(v -> v >= 0 && v < n);
    }
  }

  @Test
  void roundAndStepKeysAreDistinctInRangeAndRefusedOutside() {
    Set<Long> keys = new HashSet<>();
    for (long round = 0; round < 50; round++) {
      for (int step = 0; step < KeyedSampling.MAX_STEPS_PER_ROUND; step++) {
        keys.add(KeyedSampling.roundStep(round, step));
      }
    }
    assertThat(keys).hasSize(50 * KeyedSampling.MAX_STEPS_PER_ROUND);
    assertThat(KeyedSampling.roundStep(3, 7)).isEqualTo(3_007);
    assertThatThrownBy(() -> KeyedSampling.roundStep(3, 1_000))
        .hasMessageContaining("local step 1000")
        .hasMessageContaining("0..999");
    assertThatThrownBy(() -> KeyedSampling.roundStep(3, -1)).hasMessageContaining("local step -1");
  }

  @Test
  void everyPurposeHasItsOwnKeyAndKeepsItsFirstName() {
    Set<String> keys = new HashSet<>();
    for (StreamPurpose purpose : StreamPurpose.values()) {
      String key;
      try {
        key = purpose.key();
      } catch (IllegalStateException qualified) {
        key = purpose.qualified("");
      }
      assertThat(keys.add(key)).as(purpose.name()).isTrue();
    }
    // The key strings are part of every seed's results: pinned as first written.
    assertThat(StreamPurpose.BATCH.key()).isEqualTo("batch");
    assertThat(StreamPurpose.FADING.key()).isEqualTo("fading");
    assertThat(StreamPurpose.CHAOS.qualified("device-crash")).isEqualTo("chaos/device-crash");
    assertThat(StreamPurpose.PARTITION_BY_GROUP.qualified("spam-1"))
        .isEqualTo("data.partition.by-source.spam-1");
    assertThatThrownBy(StreamPurpose.CHAOS::key).hasMessageContaining("qualified");
    assertThatThrownBy(() -> StreamPurpose.BATCH.qualified("x"))
        .hasMessageContaining("no qualifier");
  }

  private static double chiSquare(Iterable<Integer> observed, double expected) {
    double sum = 0;
    for (int o : observed) {
      sum += (o - expected) * (o - expected) / expected;
    }
    return sum;
  }

  // ---- the loops as they were written before (data/Shuffle, CentralizedTrainer, DeviceTrainer)
  // ----

  private static <T> List<T> oldShuffle(List<T> items, SplittableRandom random) {
    List<T> copy = new ArrayList<>(items);
    for (int i = copy.size() - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      T swap = copy.get(i);
      copy.set(i, copy.get(j));
      copy.set(j, swap);
    }
    return copy;
  }

  private static int[] oldPermutation(int n, SplittableRandom random) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return order;
  }

  private static int[] oldBatchRows(int shardSize, int batchSize, SplittableRandom random) {
    int[] pool = new int[shardSize];
    for (int i = 0; i < shardSize; i++) {
      pool[i] = i;
    }
    int[] rows = new int[Math.min(batchSize, shardSize)];
    for (int i = 0; i < rows.length; i++) {
      int j = i + random.nextInt(shardSize - i);
      int t = pool[i];
      pool[i] = pool[j];
      pool[j] = t;
      rows[i] = pool[i];
    }
    return rows;
  }
}
