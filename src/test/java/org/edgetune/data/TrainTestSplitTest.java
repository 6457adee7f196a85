package org.edgetune.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TrainTestSplitTest {

  private static final List<Example> EMAILS = Fixtures.synthetic(1003, 317);

  @Test
  void holdsOutTheFractionWithTheCorpusClassRatio() {
    TrainTestSplit split = TrainTestSplit.of(EMAILS, 0.2, 7);

    assertThat(split.test()).hasSize(201); // round(0.2 × 1003)
    assertThat(split.train()).hasSize(802);
    double exactSpam = 201 * 317 / 1003.0; // 63.53
    assertThat((double) spam(split.test())).isCloseTo(exactSpam, offset(1.0));
    assertThat(spam(split.test()) + spam(split.train())).isEqualTo(317);
  }

  @Test
  void isStratifiedForManyFractionsAndSeeds() {
    for (double fraction : new double[] {0.05, 0.1, 0.2, 0.33, 0.5, 0.9}) {
      for (long seed = 0; seed < 5; seed++) {
        TrainTestSplit split = TrainTestSplit.of(EMAILS, fraction, seed);
        int testSize = split.test().size();
        assertThat(testSize).isEqualTo((int) Math.round(fraction * 1003));
        assertThat(Math.abs(spam(split.test()) - testSize * 317 / 1003.0)).isLessThanOrEqualTo(1.0);
      }
    }
  }

  @Test
  void trainAndTestPartitionTheCorpusInIdOrder() {
    TrainTestSplit split = TrainTestSplit.of(EMAILS, 0.2, 7);

    Set<Example> all = new HashSet<>(split.train());
    all.addAll(split.test());
    assertThat(all).hasSize(EMAILS.size()).containsExactlyInAnyOrderElementsOf(EMAILS);
    assertThat(split.train()).extracting(Example::id).isSorted();
    assertThat(split.test()).extracting(Example::id).isSorted();
  }

  @Test
  void sameSeedSameSplitDifferentSeedDifferentSplit() {
    assertThat(TrainTestSplit.of(EMAILS, 0.2, 7)).isEqualTo(TrainTestSplit.of(EMAILS, 0.2, 7));
    assertThat(TrainTestSplit.of(EMAILS, 0.2, 8).test())
        .isNotEqualTo(TrainTestSplit.of(EMAILS, 0.2, 7).test());
  }

  @Test
  void doesNotDependOnInputOrder() {
    List<Example> shuffled = new ArrayList<>(EMAILS);
    Collections.shuffle(shuffled, new Random(3));

    assertThat(TrainTestSplit.of(shuffled, 0.2, 7)).isEqualTo(TrainTestSplit.of(EMAILS, 0.2, 7));
  }

  @Test
  void limitsAreStratifiedSubsetsAndZeroMeansAll() {
    TrainTestSplit split = TrainTestSplit.of(EMAILS, 0.2, 7);

    TrainTestSplit limited = split.limited(100, 0, 7);

    assertThat(limited.train()).hasSize(100);
    assertThat(split.train()).containsAll(limited.train());
    assertThat(Math.abs(spam(limited.train()) - 100.0 * spam(split.train()) / split.train().size()))
        .isLessThanOrEqualTo(1.0);
    assertThat(limited.test()).isEqualTo(split.test());
    assertThat(split.limited(0, 0, 7)).isEqualTo(split);
    assertThat(split.limited(100, 0, 7)).isEqualTo(limited);
    assertThat(split.limited(100, 0, 8).train()).isNotEqualTo(limited.train());
  }

  private static long spam(List<Example> emails) {
    return emails.stream().filter(e -> e.label() == 1).count();
  }
}
