package org.edgetune.data;

import java.util.ArrayList;
import java.util.List;
import org.edgetune.config.ConfigException;

/** Checks and building blocks shared by the partitioners. */
final class Shards {

  private Shards() {}

  /** Fails unless every device can get at least one example. */
  static void requireOneEach(int examples, int devices) {
    if (devices < 1) {
      throw new IllegalArgumentException("need at least one device, not " + devices);
    }
    if (examples < devices) {
      throw new ConfigException(
          "cannot give each of "
              + devices
              + " devices a training example: the training set holds only "
              + examples
              + " (raise "
              + DataSettings.SECTION
              + ".max-train-examples or use fewer devices)");
    }
  }

  /**
   * Cuts the list into consecutive chunks whose sizes differ by at most one, larger chunks first.
   */
  static List<List<Integer>> evenChunks(List<Integer> items, int chunks) {
    List<List<Integer>> out = new ArrayList<>(chunks);
    int base = items.size() / chunks;
    int larger = items.size() % chunks;
    int from = 0;
    for (int c = 0; c < chunks; c++) {
      int to = from + base + (c < larger ? 1 : 0);
      out.add(items.subList(from, to));
      from = to;
    }
    return out;
  }

  static Shard sorted(int device, List<Integer> indices) {
    List<Integer> copy = new ArrayList<>(indices);
    copy.sort(null);
    return new Shard(device, copy);
  }

  static List<Integer> range(int n) {
    List<Integer> all = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      all.add(i);
    }
    return all;
  }
}
