package org.edgetune.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkerAssignmentTest {

  @Test
  void devicesAreDealtInIdOrderWhateverTheOrderTheyCameIn() {
    assertThat(WorkerAssignment.balanced(List.of(9, 2, 5, 7, 0), 2))
        .containsExactly(entry(0, 0), entry(2, 1), entry(5, 0), entry(7, 1), entry(9, 0));
    assertThat(WorkerAssignment.balanced(List.of(0, 5, 9, 2, 7), 2))
        .isEqualTo(WorkerAssignment.balanced(List.of(9, 2, 5, 7, 0), 2));
  }

  @Test
  void loadsDifferByOneDeviceAtMost() {
    for (int workers = 1; workers <= 5; workers++) {
      for (int devices = 0; devices <= 13; devices++) {
        List<Integer> ids =
            java.util.stream.IntStream.range(0, devices).map(i -> 3 * i + 1).boxed().toList();
        Map<Integer, Integer> assignment = WorkerAssignment.balanced(ids, workers);
        int[] load = new int[workers];
        assignment.values().forEach(w -> load[w]++);
        int max = java.util.Arrays.stream(load).max().orElse(0);
        int min = java.util.Arrays.stream(load).min().orElse(0);
        assertThat(max - min).isLessThanOrEqualTo(1);
        assertThat(assignment).hasSize(devices);
      }
    }
    assertThat(WorkerAssignment.balanced(Collections.emptyList(), 3)).isEmpty();
  }

  @Test
  void noWorkerIsRefused() {
    assertThatThrownBy(() -> WorkerAssignment.balanced(List.of(1), 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
