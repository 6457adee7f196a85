package org.edgetune.data;

import java.util.List;

/**
 * One device's part of the training set.
 *
 * @param device the device index, 0 to K − 1
 * @param indices positions in the training list, ascending
 */
public record Shard(int device, List<Integer> indices) {

  public Shard {
    indices = List.copyOf(indices);
  }

  public int size() {
    return indices.size();
  }
}
