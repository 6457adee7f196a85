package org.edgetune.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.edgetune.config.ConfigException;
import org.edgetune.schedule.hostile.GhostDevicePolicy;
import org.edgetune.schedule.hostile.MisbehavingPolicy;
import org.edgetune.schedule.hostile.MutatingPolicy;
import org.edgetune.schedule.hostile.NullDecisionPolicy;
import org.edgetune.schedule.hostile.OverbookingPolicy;
import org.edgetune.schedule.hostile.SlowPolicy;
import org.edgetune.schedule.hostile.ThrowingPolicy;
import org.edgetune.testing.TestTime;
import org.edgetune.wireless.WirelessModel;
import org.junit.jupiter.api.Test;

/**
 * The scheduler's guard around policies: every decision is checked against the round's constraints
 * before anything is charged (built-in policies included), a plugin runs under a timeout with a
 * copy of its input, and a class that cannot be used is refused while the config is read.
 */
class PolicyGuardTest {

  private static final WirelessModel MODEL = new WirelessModel(RandomRounds.WIRELESS);
  private static final int K = 4;

  /** A policy that answers every round with the same decision. */
  private record Fixed(String name, RoundDecision answer) implements SchedulingPolicy {
    @Override
    public RoundDecision decide(RoundInput input) {
      return answer;
    }
  }

  private static List<ChannelReport> reports(int unavailable) {
    List<ChannelReport> reports = new ArrayList<>(RandomRounds.reports(new SplittableRandom(5), K));
    ChannelReport r = reports.get(unavailable);
    reports.set(unavailable, new ChannelReport(r.device(), r.gain(), r.cpuHz(), false));
    return reports;
  }

  private static RoundDecision grants(Grant... grants) {
    return new RoundDecision(Arrays.asList(grants), Double.NaN);
  }

  private static String failureOf(SchedulingPolicy policy, WirelessModel model) {
    Scheduler scheduler = new Scheduler(policy, model, RandomRounds.SCHEDULE, K);
    Scheduler.State before = scheduler.snapshot();
    Throwable thrown =
        org.assertj.core.api.Assertions.catchThrowable(() -> scheduler.step(3, reports(3)));
    assertThat(thrown).isInstanceOf(PolicyFailedException.class);
    assertThat(scheduler.snapshot().backlogJ()).as("nothing charged").isEqualTo(before.backlogJ());
    assertThat(scheduler.snapshot().spentJ()).isEqualTo(before.spentJ());
    return thrown.getMessage();
  }

  @Test
  void aDecisionThatBreaksTheConstraintsFailsNamingThePolicyAndTheRound() {
    List<Object[]> cases =
        List.of(
            new Object[] {null, "returned no decision (null)"},
            new Object[] {new RoundDecision(null, 0), "grant list is null"},
            new Object[] {grants(new Grant(0, 0.5), null), "a null grant"},
            new Object[] {
              grants(new Grant(K + 3, 0.5)), "granted device 7, which does not exist (devices 0..3)"
            },
            new Object[] {grants(new Grant(-1, 0.5)), "granted device -1, which does not exist"},
            new Object[] {grants(new Grant(1, 0.3), new Grant(1, 0.3)), "granted device 1 twice"},
            new Object[] {grants(new Grant(0, Double.NaN)), "the share NaN, outside (0, 1]"},
            new Object[] {grants(new Grant(0, -0.2)), "the share -0.2, outside (0, 1]"},
            new Object[] {grants(new Grant(0, 0.0)), "the share 0.0, outside (0, 1]"},
            new Object[] {grants(new Grant(0, 1.5)), "the share 1.5, outside (0, 1]"},
            new Object[] {
              grants(new Grant(0, 0.5), new Grant(1, 0.3), new Grant(2, 0.3)),
              "shares summing to 1.1"
            },
            new Object[] {
              grants(new Grant(3, 0.5)), "granted device 3, which is not available this round"
            });
    for (Object[] c : cases) {
      String message = failureOf(new Fixed("broken-builtin", (RoundDecision) c[0]), MODEL);
      assertThat(message)
          .startsWith("policy broken-builtin failed in round 3: ")
          .contains((String) c[1])
          .doesNotContain("\n");
    }
  }

  @Test
  void aGrantThatMissesTheDeadlineFails() {
    WirelessModel withDeadline = new WirelessModel(RandomRounds.WIRELESS.withDeadline(0.45));
    ChannelReport r = reports(3).get(0);
    double minimum = withDeadline.minShareForDeadline(r.gain(), r.cpuHz());
    assertThat(minimum).isBetween(0.0, 0.9);
    String message =
        failureOf(new Fixed("late", grants(new Grant(0, minimum * 0.9))), withDeadline);
    assertThat(message)
        .contains("granted device 0 the share")
        .contains("misses the deadline")
        .contains("> 0.45 s");
    // At the minimum share itself the grant stands.
    Scheduler scheduler =
        new Scheduler(
            new Fixed("on-time", grants(new Grant(0, minimum))),
            withDeadline,
            RandomRounds.SCHEDULE,
            K);
    assertThat(scheduler.step(3, reports(3)).grants()).containsExactly(new Grant(0, minimum));
  }

  @Test
  void everyBuiltInPolicyPassesTheCheckWithAndWithoutADeadline() {
    for (double deadline : new double[] {0, 0.45}) {
      WirelessModel model = new WirelessModel(RandomRounds.WIRELESS.withDeadline(deadline));
      for (String name : Policies.NAMES) {
        int k = 12;
        Scheduler scheduler =
            new Scheduler(
                Policies.create(name, RandomRounds.SCHEDULE, model, k, 3),
                model,
                RandomRounds.SCHEDULE,
                k);
        SplittableRandom random = new SplittableRandom(name.hashCode());
        int granted = 0;
        for (int t = 0; t < 60; t++) {
          granted += scheduler.step(t, RandomRounds.reports(random, k)).grants().size();
        }
        assertThat(granted).as(name + " schedules someone").isPositive();
      }
    }
  }

  @Test
  void aPluginThatThrowsOrAnswersNonsenseFailsInItsRound() {
    assertThat(pluginFailure(ThrowingPolicy.class, TestTime.scaled(Duration.ofSeconds(10))))
        .isEqualTo(
            "policy class:"
                + ThrowingPolicy.class.getName()
                + " failed in round 2: threw "
                + "java.lang.IllegalStateException: no decision today");
    assertThat(pluginFailure(OverbookingPolicy.class, TestTime.scaled(Duration.ofSeconds(10))))
        .startsWith("policy class:" + OverbookingPolicy.class.getName() + " failed in round 2: ")
        .contains("1.2 > 1");
    assertThat(pluginFailure(GhostDevicePolicy.class, TestTime.scaled(Duration.ofSeconds(10))))
        .contains("failed in round 2: granted device 7, which does not exist (devices 0..3)");
    assertThat(pluginFailure(NullDecisionPolicy.class, TestTime.scaled(Duration.ofSeconds(10))))
        .contains("failed in round 2: returned no decision (null)");
  }

  @Test
  void aPluginPastItsTimeoutIsInterruptedAndFailsTheRun() {
    long started = System.nanoTime();
    assertThat(pluginFailure(SlowPolicy.class, Duration.ofMillis(200)))
        .isEqualTo(
            "policy class:"
                + SlowPolicy.class.getName()
                + " failed in round 2: took longer than its timeout "
                + "of 200 ms (edgetune.schedule.plugin-timeout-ms)");
    // The policy sleeps for a minute: the run did not wait for it.
    assertThat((System.nanoTime() - started) / 1e9).isLessThan(30);
  }

  /** Rounds 0 and 1 pass (everyone, equal shares); the failure of round 2's decision. */
  private static String pluginFailure(Class<? extends MisbehavingPolicy> type, Duration timeout) {
    ScheduleSettings settings = plugin(type.getName(), "");
    SchedulingPolicy policy =
        new PluginPolicy(
            type.getName(),
            PolicyPlugin.build(PolicyPlugin.find("key", settings.policy(), ""), null),
            timeout);
    Scheduler scheduler = new Scheduler(policy, MODEL, settings, K);
    List<ChannelReport> reports = RandomRounds.reports(new SplittableRandom(9), K);
    for (int t = 0; t < MisbehavingPolicy.FAIL_ROUND; t++) {
      assertThat(scheduler.step(t, reports).grants()).hasSize(K);
    }
    Scheduler.State before = scheduler.snapshot();
    Throwable thrown =
        org.assertj.core.api.Assertions.catchThrowable(
            () -> scheduler.step(MisbehavingPolicy.FAIL_ROUND, reports));
    assertThat(thrown).isInstanceOf(PolicyFailedException.class);
    assertThat(scheduler.snapshot().backlogJ()).isEqualTo(before.backlogJ());
    return thrown.getMessage();
  }

  @Test
  void aPluginThatChangesItsInputChangesNothing() {
    MutatingPolicy mutating = new MutatingPolicy();
    Scheduler guarded =
        new Scheduler(
            new PluginPolicy(
                MutatingPolicy.class.getName(), mutating, TestTime.scaled(Duration.ofSeconds(10))),
            MODEL,
            RandomRounds.SCHEDULE,
            K);
    Scheduler plain = new Scheduler(new Everyone(), MODEL, RandomRounds.SCHEDULE, K);
    SplittableRandom random = new SplittableRandom(4);
    for (int t = 0; t < 5; t++) {
      List<ChannelReport> reports = RandomRounds.reports(random, K);
      RoundOutcome a = guarded.step(t, reports);
      RoundOutcome b = plain.step(t, reports);
      assertThat(a.grants()).isEqualTo(b.grants());
      assertThat(a.energyJ()).isEqualTo(b.energyJ());
    }
    assertThat(guarded.snapshot().backlogJ()).isEqualTo(plain.snapshot().backlogJ());
    assertThat(Arrays.stream(guarded.snapshot().backlogJ()).max().orElseThrow()).isLessThan(1);
    assertThat(mutating.refusedReportChanges).as("the report list is immutable").isEqualTo(5);
  }

  /** What MutatingPolicy decides, without touching its input. */
  private static final class Everyone implements SchedulingPolicy {
    @Override
    public String name() {
      return "everyone";
    }

    @Override
    public RoundDecision decide(RoundInput input) {
      List<Grant> grants = new ArrayList<>();
      for (ChannelReport r : input.reports()) {
        grants.add(new Grant(r.device(), 1.0 / input.reports().size()));
      }
      return new RoundDecision(grants, Double.NaN);
    }
  }

  @Test
  void aClassThatCannotBeUsedIsRefusedWithItsNameAndTheClasspath() {
    assertThat(refusal("com.example.Missing", "/tmp/none-here.jar"))
        .contains("/tmp/none-here.jar does not exist");
    assertThat(refusal("com.example.Missing", ""))
        .isEqualTo(
            "edgetune.schedule.policy = class:com.example.Missing: class com.example.Missing not found; "
                + "searched the classpath [] (--classpath or EDGETUNE_CLASSPATH) and EdgeTune's own");
    assertThat(refusal("java.lang.String", ""))
        .contains("class java.lang.String")
        .contains("does not implement org.edgetune.schedule.SchedulingPolicy");
    assertThat(refusal(MisbehavingPolicy.class.getName(), ""))
        .contains("must be a public, non-abstract class");
    assertThat(refusal("org.edgetune.schedule.hostile.NoUsableConstructorPolicy", ""))
        .contains(
            "has no public constructor taking no arguments or a org.edgetune.schedule.PolicyContext");
    assertThat(refusal("not a class", "")).contains("is not a Java class name");
  }

  private static String refusal(String className, String classpath) {
    Throwable thrown =
        org.assertj.core.api.Assertions.catchThrowable(() -> plugin(className, classpath));
    assertThat(thrown).isInstanceOf(ConfigException.class);
    return thrown.getMessage();
  }

  private static ScheduleSettings plugin(String className, String classpath) {
    return ScheduleSettings.from(
        ConfigFactory.parseString(
                "edgetune.schedule { policy = \"class:"
                    + className
                    + "\", classpath = \""
                    + classpath
                    + "\", lyapunov-v = 0.1 }")
            .withFallback(ConfigFactory.defaultReference())
            .resolve());
  }
}
