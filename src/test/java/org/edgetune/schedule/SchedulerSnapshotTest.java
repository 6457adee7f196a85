package org.edgetune.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.edgetune.wireless.WirelessModel;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A scheduler restored from a snapshot decides the following rounds exactly as the one it was taken
 * from: queues, the guard's spent energy and the policy's own state all carry over. A fresh
 * scheduler decides differently, so the comparison can fail.
 */
class SchedulerSnapshotTest {

  /** Above SetSearch's exhaustive size, so Lyapunov's last set size seeds the search. */
  private static final int K = 100;

  private static final WirelessModel MODEL = RandomRounds.model(0);

  @ParameterizedTest
  @ValueSource(strings = {"lyapunov", "round-robin"})
  void restoredSchedulerTakesTheSameNextSteps(String policy) {
    // A short horizon with the guard on, so the spent-energy account refuses grants and matters.
    ScheduleSettings settings =
        RandomRounds.SCHEDULE.withPolicy(policy).withRounds(12).withBudgetGuard(true);
    Scheduler original = scheduler(settings);
    for (long t = 0; t < 7; t++) {
      original.step(t, reports(t));
    }
    Scheduler.State snapshot = original.snapshot();
    assertThat(Arrays.stream(snapshot.spentJ()).sum()).isPositive();
    assertThat(snapshot.policyState()).hasSize(1);
    if (policy.equals("lyapunov")) {
      // Debt or banked credit: either way the queues are part of the state.
      assertThat(Arrays.stream(snapshot.backlogJ()).map(Math::abs).max().orElseThrow())
          .isPositive();
    }

    // Round-robin's pointer is now at 35 mod K, not 0. The original moves on before the copy is
    // restored: a snapshot that shared its arrays would show it.
    List<RoundOutcome> expected =
        List.of(original.step(8, reports(8)), original.step(9, reports(9)));
    Scheduler restored = scheduler(settings);
    restored.restore(snapshot);
    List<RoundOutcome> actual = List.of(restored.step(8, reports(8)), restored.step(9, reports(9)));

    // Exact: Double.equals compares bits (and takes NaN, the baselines' objective, as equal to
    // itself).
    assertThat(actual)
        .usingRecursiveComparison()
        .withEqualsForType(Double::equals, Double.class)
        .isEqualTo(expected);
    assertThat(expected.get(0).scheduled() + expected.get(1).scheduled()).isPositive();
    RoundOutcome fresh = scheduler(settings).step(8, reports(8));
    assertThat(fresh)
        .usingRecursiveComparison()
        .withEqualsForType(Double::equals, Double.class)
        .isNotEqualTo(expected.get(0));
  }

  @ParameterizedTest
  @ValueSource(strings = {"lyapunov", "round-robin"})
  void snapshotOfAnotherPolicyIsRefused(String policy) {
    ScheduleSettings settings = RandomRounds.SCHEDULE.withPolicy(policy);
    String other = policy.equals("lyapunov") ? "round-robin" : "lyapunov";
    Scheduler.State foreign = scheduler(RandomRounds.SCHEDULE.withPolicy(other)).snapshot();
    Scheduler target = scheduler(settings);
    assertThatIllegalArgumentException()
        .isThrownBy(() -> target.restore(foreign))
        .withMessageContaining(other)
        .withMessageContaining(policy);
  }

  private static Scheduler scheduler(ScheduleSettings settings) {
    return new Scheduler(
        Policies.create(settings.policy(), settings, MODEL, K, 5), MODEL, settings, K);
  }

  private static List<ChannelReport> reports(long round) {
    return RandomRounds.reports(new SplittableRandom(1000 + round), K);
  }
}
