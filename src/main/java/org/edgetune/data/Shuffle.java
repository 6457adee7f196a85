package org.edgetune.data;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Fisher–Yates on a copy, driven by a keyed stream (Collections.shuffle wants a java.util.Random). */
final class Shuffle {

  private Shuffle() {}

  static <T> List<T> shuffled(List<T> items, SplittableRandom random) {
    List<T> copy = new ArrayList<>(items);
    for (int i = copy.size() - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      T swap = copy.get(i);
      copy.set(i, copy.get(j));
      copy.set(j, swap);
    }
    return copy;
  }
}
