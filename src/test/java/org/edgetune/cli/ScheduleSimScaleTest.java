package org.edgetune.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.edgetune.output.OutputDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * schedule-sim stays linear in K and T (issue 15, item 3): a million devices finish with their
 * plots (the chart library once spent hours on the ticks of a million-point axis), plots draw at
 * most {@link ScheduleSimPlots#MAX_POINTS} points, and a run too large for the heap is refused
 * before anything is written.
 */
class ScheduleSimScaleTest {

  @Test
  void aMillionDevicesFinishWithTheirPlots(@TempDir Path tmp) throws Exception {
    Path out = tmp.resolve("run");
    CliRun r =
        CliRun.of("schedule-sim", "--devices", "1000000", "--rounds", "2", "--out", out.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    JsonNode summary = OutputDirectory.JSON.readTree(out.resolve("summary.json").toFile());
    assertThat(summary.get("devices").asInt()).isEqualTo(1_000_000);
    for (String png :
        new String[] {"scheduled.png", "queues.png", "energy.png", "shares.png", "latency.png"}) {
      assertThat(Files.size(out.resolve(png))).as(png).isGreaterThan(1000);
    }
  }

  @Test
  void aRunTooLargeForTheHeapIsRefusedUpFront() {
    long twoGb = 2L << 30;
    assertThatThrownBy(() -> ScheduleSimCommand.checkHeap(10_000_000, 100, twoGb))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("K = 10000000")
        .hasMessageContaining("-Xmx");
    ScheduleSimCommand.checkHeap(1_000_000, 100, 512L << 20);
  }

  @Test
  void bucketMeansAgreeWithADirectSum() {
    Random random = new Random(3);
    double[] values = random.doubles(10_007).toArray();
    int size = 6;
    double[] means = ScheduleSimPlots.bucketMeans(values, size);
    assertThat(means).hasSize(1_668);
    for (int b = 0; b < means.length; b++) {
      double sum = 0;
      int count = 0;
      for (int i = b * size; i < Math.min(values.length, (b + 1) * size); i++) {
        sum += values[i];
        count++;
      }
      assertThat(means[b]).isCloseTo(sum / count, org.assertj.core.data.Offset.offset(1e-12));
    }
  }

  @Test
  void evenlySpacedRanksKeepTheEndsAndTheCap() {
    assertThat(ScheduleSimPlots.evenlySpaced(5, 10)).containsExactly(0, 1, 2, 3, 4);
    int[] ranks = ScheduleSimPlots.evenlySpaced(1_000_000, ScheduleSimPlots.MAX_POINTS);
    assertThat(ranks).hasSize(ScheduleSimPlots.MAX_POINTS);
    assertThat(ranks[0]).isZero();
    assertThat(ranks[ranks.length - 1]).isEqualTo(999_999);
    for (int i = 1; i < ranks.length; i++) {
      assertThat(ranks[i] - ranks[i - 1]).isBetween(500, 501);
    }
  }
}
