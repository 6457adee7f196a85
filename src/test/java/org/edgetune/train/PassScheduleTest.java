package org.edgetune.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.edgetune.train.PassSchedule.BatchAdd;
import org.junit.jupiter.api.Test;

class PassScheduleTest {

  @Test
  void onePassAtATimeFirstComeFirstServed() {
    PassSchedule<String> passes = new PassSchedule<>();
    passes.begin(List.of(1, 2, 3));

    assertThat(passes.queue(2, "up-2")).contains("up-2");
    assertThat(passes.isRunning(2)).isTrue();
    assertThat(passes.queue(3, "up-3")).isEmpty();
    assertThat(passes.queue(1, "up-1")).isEmpty();

    assertThat(passes.passEnded(2)).contains("up-3");
    assertThat(passes.isRunning(3)).isTrue();
    assertThat(passes.isRunning(2)).isFalse();
    assertThat(passes.passEnded(3)).contains("up-1");
    assertThat(passes.passEnded(1)).isEmpty();
    assertThat(passes.queue(2, "up-2 step 1")).contains("up-2 step 1");
  }

  @Test
  void aDeviceThatLeavesLosesItsPlaceInTheQueueAndIsReportedOnce() {
    PassSchedule<String> passes = new PassSchedule<>();
    passes.begin(List.of(1, 2, 3));
    passes.queue(1, "up-1");
    passes.queue(2, "up-2");
    passes.queue(3, "up-3");

    assertThat(passes.leave(2)).isTrue();
    assertThat(passes.leave(2)).isFalse();
    assertThat(passes.inRound(2)).isFalse();
    assertThat(passes.passEnded(1)).contains("up-3");
    assertThat(passes.leave(7)).isFalse();
  }

  @Test
  void aNewAttemptForgetsTheOldOne() {
    PassSchedule<String> passes = new PassSchedule<>();
    passes.begin(List.of(1, 2));
    passes.queue(1, "old-1");
    passes.queue(2, "old-2");

    passes.begin(List.of(1, 2));
    assertThat(passes.isRunning(1)).isFalse();
    assertThat(passes.queue(2, "new-2")).contains("new-2");
    assertThat(passes.passEnded(2)).isEmpty();
  }

  @Test
  void eachLaneRunsOnePassAtATimeIndependentlyOfTheOthers() {
    PassSchedule<String> passes = new PassSchedule<>();
    passes.begin(java.util.Map.of(1, 0, 2, 1, 3, 0, 4, 1));

    assertThat(passes.queue(1, "up-1")).contains("up-1");
    assertThat(passes.queue(3, "up-3")).isEmpty();
    // Lane 1 is free although lane 0 is busy.
    assertThat(passes.queue(4, "up-4")).contains("up-4");
    assertThat(passes.queue(2, "up-2")).isEmpty();
    assertThat(passes.isRunning(1)).isTrue();
    assertThat(passes.isRunning(4)).isTrue();

    assertThat(passes.passEnded(4)).contains("up-2");
    assertThat(passes.passEnded(1)).contains("up-3");
    assertThat(passes.lane(3)).isZero();
  }

  @Test
  void theBatchStartsWhenEveryDeviceStillInTheRoundHasUploaded() {
    PassSchedule<String> passes = new PassSchedule<>();
    passes.begin(List.of(4, 1, 9));

    assertThat(passes.batchEmpty()).isTrue();
    assertThat(passes.addToBatch(9, "up-9")).isEqualTo(BatchAdd.WAITING);
    assertThat(passes.addToBatch(1, "up-1")).isEqualTo(BatchAdd.WAITING);
    assertThat(passes.batchReady()).isFalse();
    // Device 4 drops out before its upload: the two others make the batch.
    passes.leave(4);
    assertThat(passes.batchReady()).isTrue();
    assertThat(passes.startBatch())
        .containsExactly(java.util.Map.entry(1, "up-1"), java.util.Map.entry(9, "up-9"));
    assertThat(passes.batchStarted()).isTrue();
    assertThat(passes.batchReady()).isFalse();
    assertThat(passes.addToBatch(4, "late-4")).isEqualTo(BatchAdd.LATE);
  }

  @Test
  void theLastUploadMakesTheBatchReadyAndADeviceThatLeftAfterUploadingStaysInIt() {
    PassSchedule<String> passes = new PassSchedule<>();
    passes.begin(List.of(1, 2));
    passes.addToBatch(1, "up-1");
    passes.leave(1);
    assertThat(passes.batchReady()).isFalse();
    passes.leave(2);
    assertThat(passes.batchReady()).isTrue();
    assertThat(passes.batch()).containsOnlyKeys(1);

    passes.begin(List.of(1, 2));
    passes.addToBatch(2, "up-2");
    assertThat(passes.addToBatch(1, "up-1")).isEqualTo(BatchAdd.READY);
    assertThat(passes.batch()).containsOnlyKeys(1, 2);
  }
}
