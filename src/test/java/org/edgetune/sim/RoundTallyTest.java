package org.edgetune.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import java.util.List;
import java.util.Map;
import org.edgetune.model.FloatTensor;
import org.edgetune.model.ParameterState;
import org.edgetune.train.ServerTrainer.DeviceUpdate;
import org.junit.jupiter.api.Test;

class RoundTallyTest {

  private static RoundTally.Finished work(int examples, double loss) {
    return new RoundTally.Finished(examples, head(examples), loss);
  }

  private static ParameterState head(float value) {
    return new ParameterState(
        Map.of("classifier.bias", new FloatTensor(new long[] {1}, new float[] {value})));
  }

  @Test
  void everyDeviceEndsFinishedOrDroppedAndTheFirstWordCounts() {
    RoundTally tally = RoundTally.first(List.of(7, 2, 5));

    assertThat(tally.finish(5, work(10, 0.5))).isTrue();
    assertThat(tally.drop(2)).isTrue();
    // A device that finished cannot be dropped, one that was dropped cannot finish, strangers are
    // ignored.
    assertThat(tally.drop(5)).isFalse();
    assertThat(tally.finish(2, work(3, 0.1))).isFalse();
    assertThat(tally.finish(9, work(3, 0.1))).isFalse();
    assertThat(tally.settled()).isFalse();
    assertThat(tally.pending()).containsExactly(7);

    assertThat(tally.deadlinePassed()).containsExactly(7);
    assertThat(tally.settled()).isTrue();
    assertThat(tally.completed()).containsExactly(5);
    assertThat(tally.dropped()).containsExactly(2, 7);
    assertThat(tally.deadlinePassed()).isEmpty();
  }

  @Test
  void updatesComeInDeviceIdOrderWhateverOrderTheyFinishedIn() {
    RoundTally tally = RoundTally.first(List.of(4, 0, 9));
    tally.finish(9, work(30, 0.9));
    tally.finish(0, work(10, 0.2));
    tally.finish(4, work(20, 0.4));

    assertThat(tally.updates()).extracting(DeviceUpdate::device).containsExactly(0, 4, 9);
    assertThat(tally.updates()).extracting(DeviceUpdate::examples).containsExactly(10, 20, 30);
    assertThat(tally.completed()).containsExactly(0, 4, 9);
    // (0.2 + 0.4 + 0.9) / 3, by hand.
    assertThat(tally.meanLoss()).isCloseTo(0.5, offset(1e-12));
  }

  @Test
  void aRoundWithoutFinishedDevicesHasNoLossAndNoUpdates() {
    RoundTally tally = RoundTally.first(List.of(1));
    tally.drop(1);
    assertThat(tally.meanLoss()).isNull();
    assertThat(tally.updates()).isEmpty();
    assertThat(RoundTally.first(List.of()).settled()).isTrue();
  }

  @Test
  void aRetryStartsTheSamePlanAfreshWithTheNextAttempt() {
    RoundTally tally = RoundTally.first(List.of(3, 1));
    tally.finish(1, work(5, 0.3));
    tally.drop(3);

    RoundTally again = tally.retry();
    assertThat(again.attempt()).isEqualTo(1);
    assertThat(again.scheduled()).containsExactly(3, 1);
    assertThat(again.pending()).containsExactlyInAnyOrder(1, 3);
    assertThat(again.completed()).isEmpty();
    assertThat(again.dropped()).isEmpty();
    assertThat(again.retry().attempt()).isEqualTo(2);
  }

  @Test
  void aDeviceScheduledTwiceIsRefused() {
    assertThatThrownBy(() -> RoundTally.first(List.of(1, 1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
