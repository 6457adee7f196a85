package org.edgetune.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.edgetune.config.ConfigException;
import org.edgetune.config.ConfigLoader;
import org.junit.jupiter.api.Test;

class FaultPlanTest {

  @Test
  void scheduledFaultHitsItsDeviceAndRoundOnly() {
    FaultPlan plan =
        new FaultPlan(
            1,
            List.of(new Fault(3, FaultKind.DEVICE_CRASH, 2, 0, Duration.ZERO)),
            Map.of(),
            0.5,
            Duration.ofSeconds(1));
    assertThat(plan.strike(FaultKind.DEVICE_CRASH, 2, 3)).isPresent();
    assertThat(plan.strike(FaultKind.DEVICE_CRASH, 1, 3)).isEmpty();
    assertThat(plan.strike(FaultKind.DEVICE_CRASH, 2, 4)).isEmpty();
    assertThat(plan.strike(FaultKind.STRAGGLER, 2, 3)).isEmpty();
  }

  @Test
  void serverFaultIgnoresTheTargetAndAllDevicesMeansEveryDevice() {
    FaultPlan plan =
        new FaultPlan(
            1,
            List.of(
                new Fault(0, FaultKind.SERVER_CRASH, 5, 0, Duration.ZERO),
                new Fault(1, FaultKind.CHANNEL_OUTAGE, Fault.ALL_DEVICES, 0, Duration.ZERO)),
            Map.of(),
            0.5,
            Duration.ZERO);
    assertThat(plan.strike(FaultKind.SERVER_CRASH, Fault.ALL_DEVICES, 0)).isPresent();
    for (int k = 0; k < 10; k++) {
      assertThat(plan.strike(FaultKind.CHANNEL_OUTAGE, k, 1)).isPresent();
    }
  }

  @Test
  void chaosStrikesAtItsRateAndTheSameSeedGivesTheSameFaults() {
    FaultPlan plan =
        new FaultPlan(7, List.of(), Map.of(FaultKind.STRAGGLER, 0.2), 0.5, Duration.ofSeconds(3));
    FaultPlan same =
        new FaultPlan(7, List.of(), Map.of(FaultKind.STRAGGLER, 0.2), 0.5, Duration.ofSeconds(3));
    FaultPlan other =
        new FaultPlan(8, List.of(), Map.of(FaultKind.STRAGGLER, 0.2), 0.5, Duration.ofSeconds(3));
    int n = 20_000;
    int hits = 0;
    int agree = 0;
    int agreeOther = 0;
    for (int i = 0; i < n; i++) {
      boolean hit = plan.strike(FaultKind.STRAGGLER, i % 20, i / 20).isPresent();
      hits += hit ? 1 : 0;
      agree += hit == same.strike(FaultKind.STRAGGLER, i % 20, i / 20).isPresent() ? 1 : 0;
      agreeOther += hit == other.strike(FaultKind.STRAGGLER, i % 20, i / 20).isPresent() ? 1 : 0;
    }
    // Binomial(20000, 0.2): sd ≈ 57, so ±300 is over 5 sd.
    assertThat(hits).isBetween(4_000 - 300, 4_000 + 300);
    assertThat(agree).isEqualTo(n);
    // Independent seeds agree with probability 0.8² + 0.2² = 0.68.
    assertThat(agreeOther).isBetween((int) (0.66 * n), (int) (0.70 * n));
    assertThat(plan.strike(FaultKind.STRAGGLER, 0, 0))
        .isEqualTo(same.strike(FaultKind.STRAGGLER, 0, 0));
    assertThat(plan.strike(FaultKind.DEVICE_CRASH, 0, 0)).isEmpty();
  }

  @Test
  void messagesAreLostOnlyUnderALossFaultWithItsProbability() {
    FaultPlan plan =
        new FaultPlan(
            3,
            List.of(new Fault(2, FaultKind.MESSAGE_LOSS, 1, 0.25, Duration.ZERO)),
            Map.of(),
            0.5,
            Duration.ZERO);
    int lost = 0;
    // Four message types over the 1,000 steps a round can have: 4,000 independent draws.
    for (String message :
        List.of("FeaturesComputed", "LoraStepped", "UploadEmbeddings", "UploadFeatureGradient")) {
      for (int step = 0; step < 1_000; step++) {
        lost += plan.loses(1, 2, message, step) ? 1 : 0;
        assertThat(plan.loses(0, 2, message, step)).isFalse();
        assertThat(plan.loses(1, 3, message, step)).isFalse();
      }
    }
    // Binomial(4000, 0.25): sd ≈ 27.
    assertThat(lost).isBetween(1_000 - 140, 1_000 + 140);
  }

  @Test
  void planIsReadFromConfigWithDefaultsForTheOptionalFields() {
    FaultPlan plan =
        read(
            "edgetune.faults.plan = [{round = 4, kind = straggler, target = 1}, "
                + "{round = 2, kind = message-loss, probability = 1}]",
            "edgetune.faults.straggler-delay-s = 7");
    assertThat(plan.strike(FaultKind.STRAGGLER, 1, 4))
        .get()
        .extracting(Fault::delay)
        .isEqualTo(Duration.ofSeconds(7));
    assertThat(plan.loses(9, 2, "LoraStepped", 0)).isTrue();
    assertThat(plan.isEmpty()).isFalse();
    assertThat(read().isEmpty()).isTrue();
  }

  @Test
  void badPlansNameTheKeyAndWhatIsAllowed() {
    assertThatThrownBy(() -> read("edgetune.faults.plan = [{round = 1, kind = meteor}]"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("edgetune.faults.plan[0].kind")
        .hasMessageContaining("device-crash");
    assertThatThrownBy(() -> read("edgetune.faults.plan = [{round = 10, kind = straggler}]"))
        .hasMessageContaining("edgetune.faults.plan[0].round")
        .hasMessageContaining("[0, 9]");
    assertThatThrownBy(
            () -> read("edgetune.faults.plan = [{round = 1, kind = straggler, target = 4}]"))
        .hasMessageContaining("edgetune.faults.plan[0].target")
        .hasMessageContaining("[0, 3]");
    assertThatThrownBy(
            () -> read("edgetune.faults.plan = [{round = 1, kind = straggler, victim = 2}]"))
        .hasMessageContaining("edgetune.faults.plan[0].victim");
    assertThatThrownBy(() -> read("edgetune.faults.chaos.device-crash = 1.5"))
        .hasMessageContaining("edgetune.faults.chaos.device-crash")
        .hasMessageContaining("[0.0, 1.0]");
    assertThatThrownBy(() -> read("edgetune.faults.chaos.meteor = 0.1"))
        .hasMessageContaining("edgetune.faults.chaos.meteor");
    assertThatThrownBy(() -> read("edgetune.faults.chaos.node-loss = 0.1"))
        .hasMessageContaining("node-loss needs a cluster run");
  }

  private static FaultPlan read(String... overrides) {
    Config config = ConfigLoader.load(null, List.of(overrides));
    return FaultSettings.fromConfig(config, 42, 10, 4, false);
  }
}
