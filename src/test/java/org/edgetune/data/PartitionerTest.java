package org.edgetune.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.edgetune.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PartitionerTest {

  private static final List<Example> TRAIN = Fixtures.synthetic(1000, 300);

  static List<Partitioner> partitioners() {
    return List.of(
        new IidPartitioner(),
        new DirichletPartitioner(0.5, SpamAssassinArchive.CLASSES),
        new GroupPartitioner());
  }

  @ParameterizedTest
  @MethodSource("partitioners")
  void shardsAreDisjointCoverEverythingAndAreNeverEmpty(Partitioner partitioner) {
    for (int devices : new int[] {1, 2, 4, 5, 7, 20, 100}) {
      List<Shard> shards = partitioner.partition(TRAIN, devices, 42);

      assertThat(shards).extracting(Shard::device).containsExactlyElementsOf(range(devices));
      assertThat(shards)
          .allSatisfy(
              s -> {
                assertThat(s.size()).isPositive();
                assertThat(s.indices()).isSorted();
              });
      List<Integer> all = new ArrayList<>();
      shards.forEach(s -> all.addAll(s.indices()));
      assertThat(all)
          .hasSize(TRAIN.size())
          .containsExactlyInAnyOrderElementsOf(range(TRAIN.size()));
    }
  }

  @ParameterizedTest
  @MethodSource("partitioners")
  void sameSeedSameShardsDifferentSeedDifferentShards(Partitioner partitioner) {
    assertThat(partitioner.partition(TRAIN, 10, 42))
        .isEqualTo(partitioner.partition(TRAIN, 10, 42));
    assertThat(partitioner.partition(TRAIN, 10, 43))
        .isNotEqualTo(partitioner.partition(TRAIN, 10, 42));
  }

  @ParameterizedTest
  @MethodSource("partitioners")
  void failsClearlyWhenSomeDeviceWouldGetNothing(Partitioner partitioner) {
    assertThatThrownBy(() -> partitioner.partition(TRAIN.subList(0, 3), 4, 42))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("4 devices")
        .hasMessageContaining("only 3")
        .hasMessageContaining("edgetune.data.max-train-examples");
  }

  @Test
  void iidShardsHaveEqualSizesAndTheCorpusMix() {
    List<Shard> shards = new IidPartitioner().partition(TRAIN, 7, 42);

    assertThat(shards).extracting(Shard::size).containsExactly(143, 143, 143, 143, 143, 143, 142);
    double meanEntropy = meanLabelEntropy(shards);
    assertThat(meanEntropy).isGreaterThan(0.8); // H(0.3) = 0.881
  }

  @Test
  void bySourceDevicesHoldOneSourceEach() {
    List<Shard> shards = new GroupPartitioner().partition(TRAIN, 20, 42);

    assertThat(shards).allSatisfy(s -> assertThat(sources(s)).hasSize(1));
    Set<String> covered = new HashSet<>();
    shards.forEach(s -> covered.addAll(sources(s)));
    assertThat(covered).containsExactlyInAnyOrder("ham-1", "ham-2", "ham-3", "spam-1", "spam-2");
  }

  @Test
  void bySourceApportionsDevicesByAdamsMethod() {
    // By hand: everyone gets one (loads 100, 50, 10); A has the most per device → [2,1,1] (50, 50,
    // 10);
    // tie goes to A, first in name order → [3,1,1] (33, 50, 10); then B → [3,2,1].
    assertThat(GroupPartitioner.adams(new int[] {100, 50, 10}, 6)).containsExactly(3, 2, 1);
    assertThat(GroupPartitioner.adams(new int[] {100, 50, 10}, 3)).containsExactly(1, 1, 1);
    // Synthetic training set: ham-1..3 hold 234/233/233, spam-1/2 150/150; 10 devices.
    List<Shard> shards = new GroupPartitioner().partition(TRAIN, 10, 42);
    assertThat(shards)
        .extracting(s -> sources(s).iterator().next())
        .containsExactly(
            "ham-1", "ham-1", "ham-2", "ham-2", "ham-3", "ham-3", "spam-1", "spam-1", "spam-2",
            "spam-2");
  }

  @Test
  void bySourceWithFewerDevicesThanSourcesKeepsEachSourceOnOneDevice() {
    List<Shard> shards = new GroupPartitioner().partition(TRAIN, 2, 42);

    // By hand, largest group first onto the lightest device: ham-1 (234) → 0; ham-2 (233) → 1;
    // ham-3 (233) → 1, since 233 < 234; spam-1 (150) → 0, now 384; spam-2 (150) → 0, as 384 < 466.
    assertThat(sources(shards.get(0))).containsExactlyInAnyOrder("ham-1", "spam-1", "spam-2");
    assertThat(sources(shards.get(1))).containsExactlyInAnyOrder("ham-2", "ham-3");
  }

  @Test
  void dirichletSkewGrowsAsAlphaShrinks() {
    double[] alphas = {100.0, 1.0, 0.1};
    double[] entropy = new double[alphas.length];
    for (int a = 0; a < alphas.length; a++) {
      for (long seed = 0; seed < 10; seed++) {
        entropy[a] +=
            meanLabelEntropy(
                    new DirichletPartitioner(alphas[a], SpamAssassinArchive.CLASSES)
                        .partition(TRAIN, 10, seed))
                / 10;
      }
    }

    assertThat(entropy[0]).isGreaterThan(0.85); // nearly the corpus mix, H(0.3) = 0.881
    assertThat(entropy[1]).isLessThan(entropy[0] - 0.1);
    assertThat(entropy[2]).isLessThan(entropy[1] - 0.1);
    assertThat(entropy[2]).isLessThan(0.4);
  }

  @Test
  void dirichletWithTinyAlphaStillFeedsEveryDevice() {
    List<Shard> shards =
        new DirichletPartitioner(0.01, SpamAssassinArchive.CLASSES)
            .partition(TRAIN.subList(0, 120), 60, 42);

    assertThat(shards).hasSize(60).allSatisfy(s -> assertThat(s.size()).isPositive());
  }

  @Test
  void settingsChooseThePartitioner() {
    assertThat(Partitioner.of(settings(PartitionScheme.IID))).isInstanceOf(IidPartitioner.class);
    assertThat(Partitioner.of(settings(PartitionScheme.BY_SOURCE)))
        .isInstanceOf(GroupPartitioner.class);
    assertThat(Partitioner.of(settings(PartitionScheme.DIRICHLET)))
        .isInstanceOfSatisfying(
            DirichletPartitioner.class, d -> assertThat(d.alpha()).isEqualTo(0.3));
  }

  private static DataSettings settings(PartitionScheme scheme) {
    return DataSettings.spamAssassin(Path.of("x.tgz"), 0.2, scheme, 0.3, 0, 0);
  }

  private static Set<String> sources(Shard shard) {
    Set<String> sources = new HashSet<>();
    shard.indices().forEach(i -> sources.add(TRAIN.get(i).group()));
    return sources;
  }

  /** Mean over devices of the binary entropy (bits) of the device's spam share. */
  private static double meanLabelEntropy(List<Shard> shards) {
    return shards.stream()
        .mapToDouble(
            s -> {
              double p =
                  s.indices().stream().filter(i -> TRAIN.get(i).label() == 1).count()
                      / (double) s.size();
              return p == 0 || p == 1
                  ? 0
                  : -(p * Math.log(p) + (1 - p) * Math.log(1 - p)) / Math.log(2);
            })
        .average()
        .orElseThrow();
  }

  private static List<Integer> range(int n) {
    return IntStream.range(0, n).boxed().toList();
  }
}
