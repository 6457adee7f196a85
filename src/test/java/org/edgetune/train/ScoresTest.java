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

  @Test
  void macroF1OfThreeClassesByHand() {
    // actual 0: predicted 0,0,1        actual 1: predicted 1,2        actual 2: predicted 2,2,0,2
    int[] actual = {0, 0, 0, 1, 1, 2, 2, 2, 2};
    int[] predicted = {0, 0, 1, 1, 2, 2, 2, 0, 2};
    Scores s = Scores.of(predicted, actual, 3);
    // Confusion rows (actual) × columns (predicted): [2 1 0] [0 1 1] [1 0 3]
    assertThat(s.confusion()).containsExactly(2L, 1L, 0L, 0L, 1L, 1L, 1L, 0L, 3L);
    assertThat(s.accuracy()).isCloseTo(6.0 / 9, within(1e-12));
    // class 0: TP 2, FP 1, FN 1 → 4/6; class 1: TP 1, FP 1, FN 1 → 2/4; class 2: TP 3, FP 1, FN 1 →
    // 6/8
    double macro = (4.0 / 6 + 2.0 / 4 + 6.0 / 8) / 3;
    assertThat(s.macroF1()).isCloseTo(macro, within(1e-12));
    assertThat(s.f1()).isEqualTo(s.macroF1());
    assertThat(s.f1Of(1)).isCloseTo(0.5, within(1e-12));
  }

  @Test
  void twoClassesKeepThePositiveClassF1() {
    Scores s = Scores.of(new int[] {1, 1, 0, 0, 1, 0, 0, 0}, new int[] {1, 0, 1, 0, 1, 0, 0, 1}, 2);
    // F1 of class 1 is 4/7; of class 0: TP 3, FP 2, FN 1 → 6/9; the headline stays the binary one
    assertThat(s.f1()).isCloseTo(4.0 / 7, within(1e-12));
    assertThat(s.macroF1()).isCloseTo((4.0 / 7 + 6.0 / 9) / 2, within(1e-12));
  }

  @Test
  void aClassNeverSeenScoresZeroInTheMacroMean() {
    Scores s = Scores.of(new int[] {0, 1, 1}, new int[] {0, 1, 1}, 3);
    assertThat(s.accuracy()).isEqualTo(1.0);
    assertThat(s.macroF1()).isCloseTo(2.0 / 3, within(1e-12));
  }
}
