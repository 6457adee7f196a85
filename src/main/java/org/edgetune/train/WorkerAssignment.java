package org.edgetune.train;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which encoder worker runs a scheduled device's passes in a round: devices in id order, dealt
 * round-robin, so the workers' loads differ by one device at most and the assignment depends on
 * nothing but the round's devices. (Which worker computes a device does not change its result; the
 * assignment only spreads the work.)
 */
public final class WorkerAssignment {

  private WorkerAssignment() {}

  /** Device → worker index in [0, workers). */
  public static Map<Integer, Integer> balanced(Collection<Integer> devices, int workers) {
    if (workers < 1) {
      throw new IllegalArgumentException("at least one encoder worker is needed, not " + workers);
    }
    List<Integer> sorted = devices.stream().sorted().toList();
    Map<Integer, Integer> assignment = new TreeMap<>();
    for (int i = 0; i < sorted.size(); i++) {
      assignment.put(sorted.get(i), i % workers);
    }
    return assignment;
  }
}
