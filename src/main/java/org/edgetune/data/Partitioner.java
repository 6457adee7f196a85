package org.edgetune.data;

import java.util.List;

/**
 * Spreads the training set over K devices. Every implementation returns K disjoint shards, in
 * device order, that together cover every training index, each with at least one example; the
 * result depends only on the training list, K and the seed.
 */
public sealed interface Partitioner permits IidPartitioner, DirichletPartitioner, GroupPartitioner {

  List<Shard> partition(List<Example> train, int devices, long seed);

  static Partitioner of(DataSettings settings) {
    return switch (settings.partition()) {
      case IID -> new IidPartitioner();
      case DIRICHLET -> new DirichletPartitioner(settings.dirichletAlpha(), settings.classes());
      case BY_GROUP, BY_SOURCE -> new GroupPartitioner();
    };
  }
}
