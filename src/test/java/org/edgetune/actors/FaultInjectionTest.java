package org.edgetune.actors;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.edgetune.report.MetricsLines;
import org.edgetune.testing.TestCorpus;
import org.edgetune.testing.TestTime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults injected around real actors on the real model (corpus fixture, 4 devices, every device
 * scheduled each round): what each kind does to a round, and that the run recovers.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FaultInjectionTest {

  // Deadlines well past what four devices need even on busy shared cores (a fault-free round that
  // hits them would not be fault-free), and a straggler just past the round deadline.
  private static final List<String> BASE =
      List.of(
          "edgetune.schedule.policy=full",
          "edgetune.schedule.rounds=4",
          "edgetune.federated.eval-every=4",
          "edgetune.federated.round-timeout-s=" + TestTime.seconds(30),
          "edgetune.federated.step-timeout-s=" + TestTime.seconds(10),
          "edgetune.faults.straggler-delay-s=" + (TestTime.seconds(30) + 1));

  private SimulationFixture fixture;
  private List<JsonNode> faultFree;

  @BeforeAll
  void load(@TempDir Path tmp) throws IOException {
    fixture = new SimulationFixture(BASE.toArray(String[]::new));
    faultFree = run(tmp.resolve("fault-free"));
  }

  @AfterAll
  void close() {
    fixture.close();
  }

  @Test
  void serverAndEncoderCrashesRetryTheRoundAndTheRunEndsAsIfNothingHappened(@TempDir Path tmp)
      throws IOException {
    List<JsonNode> crashed =
        run(
            tmp,
            "edgetune.faults.plan=[{round=1, kind=server-crash}, {round=2, kind=encoder-crash}]");

    assertThat(crashed.get(1).get("faults").toString()).isEqualTo("[\"server-crash\"]");
    assertThat(crashed.get(1).get("retries").asInt()).isEqualTo(1);
    assertThat(crashed.get(2).get("faults").toString()).isEqualTo("[\"encoder-crash\"]");
    assertThat(crashed.get(2).get("retries").asInt()).isEqualTo(1);
    // Every draw is keyed by the round, so a retried round computes what the uncrashed one did.
    assertThat(withoutFaultFields(crashed)).isEqualTo(faultFree);
  }

  @Test
  void deviceFaultsCostTheHitDeviceItsRoundAndTheRunGoesOn(@TempDir Path tmp) throws IOException {
    List<JsonNode> faulty =
        run(
            tmp,
            "edgetune.faults.plan=[{round=1, kind=device-crash, target=2},"
                + " {round=2, kind=channel-outage, target=3}, {round=2, kind=message-loss, target=1, probability=1},"
                + " {round=3, kind=straggler, target=0}]");

    assertThat(withoutFaultFields(faulty).get(0)).isEqualTo(faultFree.get(0));
    // Round 1: device 2 crashes mid-step, restarts, and says it lost the round; the others finish.
    assertThat(ints(faulty.get(1), "scheduled")).containsExactly(0, 1, 2, 3);
    assertThat(ints(faulty.get(1), "completed")).containsExactly(0, 1, 3);
    assertThat(ints(faulty.get(1), "dropped")).containsExactly(2);
    // Round 2: device 1's channel report is lost and device 3 reports its channel out: neither is
    // scheduled.
    assertThat(faulty.get(2).get("reported").asInt()).isEqualTo(3);
    assertThat(ints(faulty.get(2), "scheduled")).containsExactly(0, 2);
    assertThat(ints(faulty.get(2), "completed")).containsExactly(0, 2);
    // Round 3: device 0 starts 31 s late, past the 30 s deadline; the restarted device 2 trains
    // again.
    assertThat(ints(faulty.get(3), "completed")).containsExactly(1, 2, 3);
    assertThat(ints(faulty.get(3), "dropped")).containsExactly(0);
    assertThat(faulty.get(3).get("accuracy").asDouble()).isGreaterThan(0.5);
    assertThat(faulty.get(1).get("faults").toString()).isEqualTo("[\"device-crash:2\"]");
    assertThat(faulty.get(2).get("faults").toString())
        .isEqualTo("[\"channel-outage:3\",\"message-loss:1\"]");
    assertThat(faulty.get(3).get("faults").toString()).isEqualTo("[\"straggler:0\"]");
  }

  private List<JsonNode> run(Path dir, String... overrides) throws IOException {
    List<String> all = TestCorpus.smallRun();
    all.addAll(BASE);
    all.addAll(List.of(overrides));
    fixture.runInto(dir, all);
    List<JsonNode> records = MetricsLines.withoutWallTime(dir);
    assertThat(records).hasSize(4);
    return records;
  }

  private static List<JsonNode> withoutFaultFields(List<JsonNode> records) {
    List<JsonNode> stripped = new ArrayList<>();
    for (JsonNode r : records) {
      ObjectNode copy = ((ObjectNode) r).deepCopy();
      copy.remove("faults");
      copy.remove("retries");
      stripped.add(copy);
    }
    return stripped;
  }

  private static List<Integer> ints(JsonNode record, String field) {
    List<Integer> values = new ArrayList<>();
    record.get(field).forEach(v -> values.add(v.asInt()));
    return values;
  }
}
