package org.edgetune.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.edgetune.util.KeyedRandom;
import org.edgetune.util.KeyedSampling;
import org.edgetune.util.StreamPurpose;

/**
 * Natural non-IID partition by the examples' group ({@code by-group}; {@code by-source} is the same
 * partition under its older name): a device holds examples of one group only, like a user whose
 * mailbox sees one kind of mail. The groups are the SpamAssassin corpus folders (easy-ham-1,
 * easy-ham-2, hard-ham-1, spam-1, spam-2), the Brown genres, or a user data set's {@code
 * group-field}.
 *
 * <p>Rule with K ≥ G devices for G groups: devices are apportioned to groups by Adams' method —
 * every group first gets one device, then each further device goes to the group whose devices
 * currently hold the most emails each (ties to the group first in name order) — so groups get
 * devices roughly in proportion to their size and the largest device load is as small as possible.
 * A group's emails are shuffled (seeded, per group) and cut into near-equal shards; devices are
 * numbered group by group in name order.
 *
 * <p>With K < G devices, groups are not split: each goes whole to one device, largest group first
 * onto the device holding the fewest emails (ties to the lower index), so a device may then hold
 * several groups but every group lives on exactly one device.
 */
public final class GroupPartitioner implements Partitioner {

  @Override
  public List<Shard> partition(List<Example> train, int devices, long seed) {
    Shards.requireOneEach(train.size(), devices);
    Map<String, List<Integer>> groups = new TreeMap<>();
    for (int i = 0; i < train.size(); i++) {
      groups.computeIfAbsent(train.get(i).group(), s -> new ArrayList<>()).add(i);
    }
    return devices >= groups.size()
        ? splitGroups(groups, devices, seed)
        : wholeGroups(groups, devices);
  }

  private static List<Shard> splitGroups(
      Map<String, List<Integer>> groups, int devices, long seed) {
    List<String> names = new ArrayList<>(groups.keySet());
    int[] sizes = names.stream().mapToInt(n -> groups.get(n).size()).toArray();
    int[] devicesPerGroup = adams(sizes, devices);
    List<Shard> shards = new ArrayList<>(devices);
    for (int g = 0; g < names.size(); g++) {
      // The stream keeps the partition's first name, so by-source runs reproduce their old shards.
      List<Integer> members =
          KeyedSampling.shuffled(
              groups.get(names.get(g)),
              KeyedRandom.stream(
                  seed,
                  StreamPurpose.PARTITION_BY_GROUP,
                  names.get(g),
                  KeyedRandom.ANY,
                  KeyedRandom.ANY));
      for (List<Integer> chunk : Shards.evenChunks(members, devicesPerGroup[g])) {
        shards.add(Shards.sorted(shards.size(), chunk));
      }
    }
    return shards;
  }

  /**
   * Adams' highest-averages apportionment; never gives a group more devices than emails when K ≤ n.
   */
  static int[] adams(int[] sizes, int devices) {
    int[] seats = new int[sizes.length];
    Arrays.fill(seats, 1);
    for (int extra = sizes.length; extra < devices; extra++) {
      int best = 0;
      for (int g = 1; g < sizes.length; g++) {
        // sizes[g] / seats[g] > sizes[best] / seats[best], without rounding
        if ((long) sizes[g] * seats[best] > (long) sizes[best] * seats[g]) {
          best = g;
        }
      }
      seats[best]++;
    }
    return seats;
  }

  private static List<Shard> wholeGroups(Map<String, List<Integer>> groups, int devices) {
    List<List<Integer>> perDevice = new ArrayList<>(devices);
    for (int k = 0; k < devices; k++) {
      perDevice.add(new ArrayList<>());
    }
    List<List<Integer>> largestFirst = new ArrayList<>(groups.values());
    largestFirst.sort(Comparator.comparingInt((List<Integer> g) -> g.size()).reversed());
    for (List<Integer> group : largestFirst) {
      List<Integer> lightest = perDevice.get(0);
      for (List<Integer> candidate : perDevice) {
        if (candidate.size() < lightest.size()) {
          lightest = candidate;
        }
      }
      lightest.addAll(group);
    }
    List<Shard> shards = new ArrayList<>(devices);
    for (int k = 0; k < devices; k++) {
      shards.add(Shards.sorted(k, perDevice.get(k)));
    }
    return shards;
  }
}
