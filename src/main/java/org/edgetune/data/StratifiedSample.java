package org.edgetune.data;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.edgetune.util.KeyedSampling;

/**
 * Draws a subset of a given size with the same class ratios as the whole: class quotas by the
 * largest-remainder rule (each within one example of exact; ties to the higher class index),
 * members chosen by a seeded shuffle of each class in id order, classes drawn from the highest
 * index down. For two classes this is exactly the former spam/ham draw (spam first, its share
 * rounded half up), so the SpamAssassin splits are unchanged.
 */
final class StratifiedSample {

  private StratifiedSample() {}

  /** The chosen examples, in id order. {@code examples} must already be in id order. */
  static List<Example> choose(List<Example> examples, int count, SplittableRandom random) {
    if (count < 0 || count > examples.size()) {
      throw new IllegalArgumentException(
          "cannot choose " + count + " of " + examples.size() + " examples");
    }
    if (count == 0) {
      return List.of();
    }
    TreeMap<Integer, List<Example>> byClass = new TreeMap<>(Comparator.reverseOrder());
    for (Example e : examples) {
      byClass.computeIfAbsent(e.label(), c -> new ArrayList<>()).add(e);
    }
    List<List<Example>> classes = new ArrayList<>(byClass.values());
    int[] quotas = quotas(classes.stream().mapToInt(List::size).toArray(), count, examples.size());
    List<Example> chosen = new ArrayList<>(count);
    for (int c = 0; c < classes.size(); c++) {
      chosen.addAll(KeyedSampling.shuffled(classes.get(c), random).subList(0, quotas[c]));
    }
    chosen.sort(Comparator.comparing(Example::id));
    return chosen;
  }

  /**
   * Largest remainder: each class gets floor(count × size / total), the seats left go to the
   * largest remainders, ties to the class listed first. Integer arithmetic keeps it exact.
   */
  static int[] quotas(int[] sizes, int count, int total) {
    int[] quotas = new int[sizes.length];
    long[] remainders = new long[sizes.length];
    int given = 0;
    for (int c = 0; c < sizes.length; c++) {
      long scaled = (long) count * sizes[c];
      quotas[c] = (int) (scaled / total);
      remainders[c] = scaled % total;
      given += quotas[c];
    }
    for (int left = count - given; left > 0; left--) {
      int best = -1;
      for (int c = 0; c < sizes.length; c++) {
        if (quotas[c] < sizes[c] && (best < 0 || remainders[c] > remainders[best])) {
          best = c;
        }
      }
      quotas[best]++;
      remainders[best] = -1;
    }
    return quotas;
  }
}
