package org.edgetune.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DeferredOutputTest {

  @Test
  void outputsGoOutAtOnceWhileNothingIsEvaluated() {
    DeferredOutput<String, String> out = new DeferredOutput<>();
    assertThat(out.offer(result -> "line 0, result " + result))
        .containsExactly("line 0, result null");
    assertThat(out.evaluating()).isFalse();
  }

  @Test
  void outputsWaitForTheRunningEvaluationAndLeaveInOrderMadeFromItsResult() {
    DeferredOutput<String, String> out = new DeferredOutput<>();
    out.started(9);
    assertThat(out.offer(result -> "line 9 scored " + result)).isEmpty();
    assertThat(out.offer(result -> "checkpoint 10")).isEmpty();
    assertThat(out.offer(result -> "line 10")).isEmpty();
    assertThat(out.evaluatingRound()).isEqualTo(9);
    assertThat(out.finished(9, "0.97"))
        .containsExactly("line 9 scored 0.97", "checkpoint 10", "line 10");
    assertThat(out.evaluating()).isFalse();
    assertThat(out.offer(result -> "line 11")).containsExactly("line 11");
  }

  @Test
  void aSecondEvaluationMustWaitAndAStrayResultIsRefused() {
    DeferredOutput<String, String> out = new DeferredOutput<>();
    assertThatThrownBy(() -> out.finished(3, "x")).hasMessageContaining("no evaluation of round 3");
    out.started(3);
    assertThatThrownBy(() -> out.started(4)).hasMessageContaining("round 3 is still running");
    assertThatThrownBy(() -> out.finished(4, "x")).hasMessageContaining("round 3's is");
    assertThatThrownBy(() -> out.started(-1)).isInstanceOf(IllegalArgumentException.class);
  }

  /**
   * Any interleaving of outputs and evaluations releases the same sequence as running every
   * evaluation to its end before the next output (the oracle: a plain list built in the test).
   */
  @Test
  void randomInterleavingsReleaseTheSequenceOfASerialRun() {
    Random random = new Random(7);
    for (int trial = 0; trial < 500; trial++) {
      DeferredOutput<Integer, String> out = new DeferredOutput<>();
      List<String> serial = new ArrayList<>();
      List<String> released = new ArrayList<>();
      Integer lastResult = null;
      int pendingResult = 0;
      for (int step = 0; step < 40; step++) {
        int choice = random.nextInt(3);
        if (choice == 0 && !out.evaluating()) {
          out.started(step);
          pendingResult = random.nextInt(1000);
          lastResult = pendingResult;
        } else if (choice == 1 && out.evaluating()) {
          released.addAll(out.finished(out.evaluatingRound(), pendingResult));
        } else {
          int n = step;
          Integer expected = out.evaluating() ? lastResult : null;
          serial.add(n + ":" + expected);
          released.addAll(out.offer(result -> n + ":" + result));
        }
      }
      if (out.evaluating()) {
        released.addAll(out.finished(out.evaluatingRound(), pendingResult));
      }
      assertThat(released).as("trial %d", trial).isEqualTo(serial);
    }
  }
}
