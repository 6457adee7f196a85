package org.edgetune.data;

import java.util.ArrayList;
import java.util.List;
import org.edgetune.util.KeyedRandom;
import org.edgetune.util.KeyedSampling;
import org.edgetune.util.StreamPurpose;

/**
 * Uniformly random shards of equal size (± 1): a seeded shuffle of all indices, cut into K runs.
 */
public final class IidPartitioner implements Partitioner {

  @Override
  public List<Shard> partition(List<Example> train, int devices, long seed) {
    Shards.requireOneEach(train.size(), devices);
    List<Integer> order =
        KeyedSampling.shuffled(
            Shards.range(train.size()),
            KeyedRandom.stream(
                seed, StreamPurpose.PARTITION_IID, KeyedRandom.ANY, KeyedRandom.ANY));
    List<List<Integer>> chunks = Shards.evenChunks(order, devices);
    List<Shard> shards = new ArrayList<>(devices);
    for (int k = 0; k < devices; k++) {
      shards.add(Shards.sorted(k, chunks.get(k)));
    }
    return shards;
  }
}
