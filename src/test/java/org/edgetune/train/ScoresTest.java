package org.edgetune.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ScoresTest {

  @Test
  void confusionMatrixAndF1ByHand() {
    int[] predicted = {1, 1, 0, 0, 1, 0, 0, 0};
    int[] actual = {1, 0, 1, 0, 1, 0, 0, 1};
    Scores s = Scores.of(predicted, actual, 2);
    assertThat(s).isEqualTo(Scores.binary(2, 1, 3, 2));
    assertThat(s.accuracy()).isEqualTo(5.0 / 8);
    // precision 2/3, recall 2/4 → F1 = 2·(2/3)(1/2)/(2/3+1/2) = 4/7
    assertThat(s.f1()).isCloseTo(4.0 / 7, within(1e-12));
  }

  @Test
  void alwaysHamHasZeroF1() {
    Scores s = Scores.of(new int[] {0, 0, 0}, new int[] {1, 0, 0}, 2);
    assertThat(s.accuracy()).isCloseTo(2.0 / 3, within(1e-12));
    assertThat(s.f1()).isZero();
  }
}
