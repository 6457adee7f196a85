package org.edgetune.cluster;

import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.cluster.sharding.ShardCoordinator;
import scala.collection.immutable.IndexedSeq;
import scala.concurrent.Future;

/**
 * Where the device shards live: a new shard goes to the device node with the fewest shards (ties by
 * address, so the choice does not depend on timing), and a shard never moves to another node while
 * its node is up. Pekko's default strategy rebalances shards to a node that joins later; a message
 * to a device in the middle of such a hand-over is lost and its round waits for the round deadline.
 * The server starts a run only once every device node is up, so the shards are spread over all of
 * them from the start. When a node is lost, its shards are allocated afresh to the surviving nodes
 * as their next message arrives (allocation, not rebalancing).
 */
final class StayPutAllocation extends ShardCoordinator.AbstractShardAllocationStrategy {

  @Override
  public Future<ActorRef> allocateShard(
      ActorRef requester,
      String shardId,
      Map<ActorRef, IndexedSeq<String>> currentShardAllocations) {
    Map<ActorRef, Integer> counts = new HashMap<>();
    currentShardAllocations.forEach((region, shards) -> counts.put(region, shards.size()));
    return Future.successful(leastLoaded(counts).orElse(requester));
  }

  @Override
  public Future<Set<String>> rebalance(
      Map<ActorRef, IndexedSeq<String>> currentShardAllocations, Set<String> rebalanceInProgress) {
    return Future.successful(Set.of());
  }

  /** The region with the fewest shards, ties broken by the order of their names (addresses). */
  static <T> Optional<T> leastLoaded(Map<T, Integer> shardCounts) {
    return shardCounts.entrySet().stream()
        .min(
            Comparator.<Map.Entry<T, Integer>>comparingInt(Map.Entry::getValue)
                .thenComparing(e -> e.getKey().toString()))
        .map(Map.Entry::getKey);
  }
}
