package org.edgetune.actors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiPredicate;
import java.util.stream.Stream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.BehaviorInterceptor;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.TypedActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.edgetune.assembly.RunParts;
import org.edgetune.checkpoint.CheckpointStore;
import org.edgetune.faults.FaultLog;
import org.edgetune.output.OutputDirectory;
import org.edgetune.sim.RoundRecord;
import org.edgetune.sim.RunResult;
import org.edgetune.testing.TestTime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A round the edge server cannot begin, or crashes in every time: real server, scheduler, driver,
 * sink and devices on the real model, with the server's BeginRound intercepted. A begin failure is
 * retried at once (not after the round deadline), and a round that keeps failing stops the run
 * after {@code round-retries} with the reason, keeping the checkpoints of the rounds before.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RoundRetryTest {

  /** Far longer than any of these runs may take: a round that waits for it fails the test. */
  private static final Duration ROUND_TIMEOUT = TestTime.scaled(Duration.ofSeconds(90));

  private SimulationFixture fixture;
  private ActorTestKit testKit;

  @BeforeAll
  void start() {
    fixture =
        new SimulationFixture(
            "edgetune.wireless.devices=3",
            "edgetune.schedule.policy=full",
            "edgetune.schedule.rounds=2",
            "edgetune.federated.eval-every=2",
            "edgetune.federated.report-timeout-s=1",
            "edgetune.federated.round-timeout-s=" + ROUND_TIMEOUT.toSeconds(),
            "edgetune.federated.round-retries=2");
    testKit = ActorTestKit.create("round-retry", fixture.config);
  }

  @AfterAll
  void stop() {
    testKit.shutdownTestKit();
    fixture.close();
  }

  @Test
  void aRoundTheServerCannotBeginIsRunAgainAtOnce(@TempDir Path tmp) throws Exception {
    AtomicInteger begins = new AtomicInteger();
    long started = System.nanoTime();
    RunResult result =
        run(tmp, begins, (round, attempt) -> round == 0 && attempt == 0, false)
            .get(120, TimeUnit.SECONDS);
    double seconds = (System.nanoTime() - started) / 1e9;

    RoundRecord first = result.rounds().get(0);
    assertThat(first.retries()).isEqualTo(1);
    assertThat(first.completed()).containsExactly(0, 1, 2);
    assertThat(result.rounds().get(1).retries()).isNull();
    assertThat(begins).hasValue(3);
    // Retried on the failure itself, not when the 90 s deadline passed.
    assertThat(seconds).isLessThan(ROUND_TIMEOUT.toSeconds());
  }

  @Test
  void aRoundTheServerCrashesInEveryTimeStopsTheRunAfterItsRetriesAndKeepsTheCheckpoints(
      @TempDir Path tmp) throws Exception {
    AtomicInteger begins = new AtomicInteger();
    CompletableFuture<RunResult> done = run(tmp, begins, (round, attempt) -> round == 1, true);

    assertThatThrownBy(() -> done.get(120, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .hasMessageContaining("round 1 failed 3 times (edgetune.federated.round-retries = 2)")
        .hasMessageContaining("the edge server crashed")
        .hasMessageContaining("checkpoints of the rounds before are kept");
    // Round 0 begins once, round 1 three times: the first attempt and two retries, and no more.
    assertThat(begins).hasValue(4);
    assertThat(Files.readAllLines(tmp.resolve("metrics.jsonl"))).hasSize(1);
    try (Stream<Path> files = Files.list(tmp.resolve("checkpoints"))) {
      assertThat(files.filter(f -> f.toString().endsWith(".ckpt")).count()).isEqualTo(1);
    }
    assertThat(
            new CheckpointStore(tmp.resolve("checkpoints"), 1)
                .latestValid()
                .checkpoint()
                .nextRound())
        .isEqualTo(1);
  }

  @Test
  void aRoundTheServerNeverBeginsStopsTheRunWithTheServersReason(@TempDir Path tmp) {
    AtomicInteger begins = new AtomicInteger();
    CompletableFuture<RunResult> done = run(tmp, begins, (round, attempt) -> true, false);

    assertThatThrownBy(() -> done.get(60, TimeUnit.SECONDS))
        .cause()
        .hasMessageContaining("round 0 failed 3 times")
        .hasMessageContaining("could not begin the round: stand-in: no memory for the round");
    assertThat(begins).hasValue(3);
  }

  /**
   * Runs the fixture's job with the server's BeginRound intercepted where {@code fails} says so: it
   * crashes the server ({@code crash}) or answers that the round cannot begin.
   */
  private CompletableFuture<RunResult> run(
      Path dir, AtomicInteger begins, BiPredicate<Long, Integer> fails, boolean crash) {
    RunParts parts = fixture.parts();
    Map<Integer, ActorRef<DeviceActor.Command>> devices = new TreeMap<>();
    for (int k = 0; k < parts.devices().size(); k++) {
      devices.put(
          k,
          testKit.spawn(
              DeviceActor.create(
                  parts.devices().trainers().get(k),
                  parts.devices().profiles().get(k),
                  parts.seed())));
    }
    CompletableFuture<RunResult> done = new CompletableFuture<>();
    OutputDirectory out = new OutputDirectory(dir);
    done.whenComplete((r, f) -> out.close());
    ActorRef<MetricsSink.Command> sink =
        testKit.spawn(
            MetricsSink.create(
                out, new CheckpointStore(dir.resolve("checkpoints"), 3), r -> {}, done));
    BehaviorInterceptor<EdgeServerActor.Command, EdgeServerActor.Command> failing =
        new BehaviorInterceptor<>(EdgeServerActor.Command.class) {
          @Override
          public Behavior<EdgeServerActor.Command> aroundReceive(
              TypedActorContext<EdgeServerActor.Command> ctx,
              EdgeServerActor.Command message,
              ReceiveTarget<EdgeServerActor.Command> target) {
            if (message instanceof EdgeServerActor.BeginRound begin) {
              begins.incrementAndGet();
              if (fails.test(begin.round(), begin.attempt())) {
                if (crash) {
                  throw new IllegalStateException(
                      "stand-in: the server crashes in round " + begin.round());
                }
                begin
                    .events()
                    .tell(
                        new EdgeServerActor.BeginFailed(
                            begin.round(), begin.attempt(), "stand-in: no memory for the round"));
                return Behaviors.same();
              }
            }
            return target.apply(ctx, message);
          }
        };
    ActorRef<EdgeServerActor.Command> server =
        testKit.spawn(
            Behaviors.supervise(
                    Behaviors.intercept(() -> failing, EdgeServerActor.create(parts.server())))
                .onFailure(
                    SupervisorStrategy.restartWithBackoff(
                        Duration.ofMillis(20), Duration.ofMillis(100), 0)));
    ActorRef<SchedulerActor.Command> scheduler =
        testKit.spawn(
            SchedulerActor.create(
                parts.scheduler().scheduler(), devices, parts.scheduler().reportTimeout()));
    ActorRef<RoundDriver.Command> driver =
        testKit.spawn(
            RoundDriver.create(parts.plan(), scheduler, server, devices, sink, new FaultLog()));
    driver.tell(RoundDriver.Start.INSTANCE);
    return done;
  }
}
