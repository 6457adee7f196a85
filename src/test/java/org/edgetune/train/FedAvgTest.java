package org.edgetune.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.edgetune.train.FedAvg.Contribution;
import org.junit.jupiter.api.Test;

class FedAvgTest {

  @Test
  void weightsByShardSizeAsComputedByHand() {
    // (100·[1,2] + 300·[5,-2]) / 400 = [4, -1]; (100·[10] + 300·[2]) / 400 = [4]
    var a = new Contribution(0, 100, Map.of("w", new float[] {1, 2}, "b", new float[] {10}));
    var b = new Contribution(1, 300, Map.of("w", new float[] {5, -2}, "b", new float[] {2}));
    Map<String, float[]> avg = FedAvg.average(List.of(a, b));
    assertThat(avg.get("w")).containsExactly(4f, -1f);
    assertThat(avg.get("b")).containsExactly(4f);
  }

  @Test
  void singleContributionIsReturnedUnchanged() {
    var a = new Contribution(3, 7, Map.of("w", new float[] {0.1f, -0.3f}));
    assertThat(FedAvg.average(List.of(a)).get("w")).containsExactly(0.1f, -0.3f);
  }

  @Test
  void rejectsMismatchedShapes() {
    var a = new Contribution(0, 1, Map.of("w", new float[] {1, 2}));
    var b = new Contribution(1, 1, Map.of("w", new float[] {1}));
    assertThatThrownBy(() -> FedAvg.average(List.of(a, b))).hasMessageContaining("device 1");
  }
}
