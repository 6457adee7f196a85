package org.edgetune.actors;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.edgetune.assembly.RoundPlan;
import org.edgetune.assembly.RunParts;
import org.edgetune.checkpoint.CheckpointStore;
import org.edgetune.faults.FaultLog;
import org.edgetune.model.EmbeddedBatch;
import org.edgetune.model.TensorPayload;
import org.edgetune.output.OutputDirectory;
import org.edgetune.schedule.ChannelReport;
import org.edgetune.sim.RoundRecord;
import org.edgetune.sim.RunResult;
import org.edgetune.testing.TestTime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rounds close on deadlines with whoever answered, a device that lost its round says so at once,
 * and a failing model call becomes a message: real server, scheduler, driver and devices on the
 * real model, with misbehaving devices standing in for some of them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RoundDeadlineTest {

  private SimulationFixture fixture;
  private ActorTestKit testKit;

  @BeforeAll
  void start() {
    fixture =
        new SimulationFixture(
            "edgetune.wireless.devices=3",
            "edgetune.schedule.policy=full",
            "edgetune.schedule.rounds=1",
            "edgetune.federated.eval-every=1",
            "edgetune.federated.round-timeout-s=" + TestTime.seconds(20),
            "edgetune.federated.step-timeout-s=" + TestTime.seconds(5));
    testKit = ActorTestKit.create("round-deadline", fixture.config);
  }

  @AfterAll
  void stop() {
    testKit.shutdownTestKit();
    fixture.close();
  }

  @Test
  void deviceThatNeverReportsIsNotScheduledAndTheRoundCompletes(@TempDir Path tmp)
      throws Exception {
    TestProbe<DeviceActor.Command> silent = testKit.createTestProbe();
    RoundRecord round = runOneRound(tmp, silent.getRef());

    assertThat(round.reported()).isEqualTo(2);
    assertThat(round.scheduled()).containsExactly(0, 1);
    assertThat(round.completed()).containsExactly(0, 1);
    assertThat(round.accuracy()).isNotNull();
    silent.expectMessageClass(DeviceActor.ReportChannel.class);
  }

  @Test
  void deviceThatStopsAfterItsReportIsDroppedAtTheRoundDeadline(@TempDir Path tmp)
      throws Exception {
    ActorRef<DeviceActor.Command> mute = testKit.spawn(reportsThenFallsSilent());
    RoundRecord round = runOneRound(tmp, mute);

    assertThat(round.scheduled()).containsExactly(0, 1, 2);
    assertThat(round.completed()).containsExactly(0, 1);
    assertThat(round.dropped()).containsExactly(2);
    assertThat(round.accuracy()).isNotNull();
  }

  @Test
  void deviceThatStallsMidStepIsDroppedWithoutHoldingUpTheOthers(@TempDir Path tmp)
      throws Exception {
    RunParts parts = fixture.parts();
    ActorRef<DeviceActor.Command> stalling = testKit.spawn(uploadsThenStalls(parts));
    Duration deadline = TestTime.scaled(Duration.ofSeconds(60));
    RoundPlan longDeadline = parts.plan().withRoundTimeout(deadline);
    long started = System.nanoTime();
    RoundRecord round = runOneRound(tmp, stalling, parts, longDeadline);
    double seconds = (System.nanoTime() - started) / 1e9;

    assertThat(round.scheduled()).containsExactly(0, 1, 2);
    assertThat(round.completed()).containsExactly(0, 1);
    assertThat(round.dropped()).containsExactly(2);
    // Dropped by the 5 s step timeout, not by the 60 s round deadline (which would also drop
    // everyone queued behind it): evaluation included, the round ends before the deadline.
    assertThat(seconds).isLessThan(deadline.toSeconds());
  }

  @Test
  void failingEncoderCallBecomesAFailureMessageAndTheServerKeepsServing() {
    RunParts parts = fixture.parts();
    ActorRef<EdgeServerActor.Command> server =
        testKit.spawn(EdgeServerActor.create(parts.server()));
    TestProbe<EdgeServerActor.RoundEvent> events = testKit.createTestProbe();
    TestProbe<DeviceActor.Command> device = testKit.createTestProbe();

    server.tell(new EdgeServerActor.BeginRound(0, 0, List.of(0), events.getRef()));
    events.expectMessageClass(
        EdgeServerActor.RoundBegun.class, TestTime.scaled(Duration.ofSeconds(30)));
    // Hidden size 7 instead of 384: the encoder's matrix product fails inside PyTorch.
    EmbeddedBatch malformed =
        new EmbeddedBatch(
            TensorPayload.of(new float[2 * 4 * 7], 2, 4, 7),
            TensorPayload.of(new float[] {1, 1, 1, 1, 1, 1, 1, 1}, 2, 4));
    server.tell(new EdgeServerActor.UploadEmbeddings(0, 0, 0, 0, malformed, device.getRef()));

    EdgeServerActor.DeviceFailed failed =
        events.expectMessageClass(
            EdgeServerActor.DeviceFailed.class, TestTime.scaled(Duration.ofSeconds(30)));
    assertThat(failed.device()).isZero();
    assertThat(failed.reason()).contains("encoder forward failed");
    device.expectNoMessage(Duration.ofMillis(200));

    server.tell(new EdgeServerActor.Evaluate(0, false, events.getRef()));
    EdgeServerActor.Evaluated evaluated =
        events.expectMessageClass(
            EdgeServerActor.Evaluated.class, TestTime.scaled(Duration.ofSeconds(60)));
    assertThat(evaluated.failure()).isNull();
    assertThat(evaluated.scores().total()).isEqualTo(fixture.split.test().size());
  }

  @Test
  void aDeviceStartedAfreshSaysAtOnceThatItLostTheRoundAndIgnoresOlderOnes() {
    RunParts parts = fixture.parts();
    TestProbe<EdgeServerActor.Command> server = testKit.createTestProbe();
    // A new incarnation (restarted, or moved to another node) gets a reply to work of round 3 it
    // never saw.
    ActorRef<DeviceActor.Command> fresh =
        testKit.spawn(
            DeviceActor.create(
                parts.devices().trainers().get(1),
                parts.devices().profiles().get(1),
                parts.seed()));
    fresh.tell(new DeviceActor.LoraStepped(3, 1, 0, null, server.getRef()));

    EdgeServerActor.LocalTrainingFailed lost =
        server.expectMessageClass(EdgeServerActor.LocalTrainingFailed.class);
    assertThat(lost.round()).isEqualTo(3);
    assertThat(lost.attempt()).isEqualTo(1);
    assertThat(lost.device()).isEqualTo(1);
    assertThat(lost.reason()).contains("round was lost");

    // Once it trains round 4, a late message of round 3 is stale, not a loss.
    fresh.tell(
        new DeviceActor.StartLocalTraining(
            4, 0, 1, parts.server().trainer().globalHead(), server.getRef()));
    server.expectMessageClass(
        EdgeServerActor.UploadEmbeddings.class, TestTime.scaled(Duration.ofSeconds(30)));
    fresh.tell(
        new DeviceActor.FeaturesComputed(
            3, 1, 0, TensorPayload.of(new float[2], 1, 2), server.getRef()));
    server.expectNoMessage(Duration.ofMillis(300));
  }

  @Test
  void aDeviceStoppedMidRoundSaysSoAtOnce() {
    RunParts parts = fixture.parts();
    TestProbe<EdgeServerActor.Command> server = testKit.createTestProbe();
    ActorRef<DeviceActor.Command> device =
        testKit.spawn(
            DeviceActor.create(
                parts.devices().trainers().get(0),
                parts.devices().profiles().get(0),
                parts.seed()));
    device.tell(
        new DeviceActor.StartLocalTraining(
            2, 0, 1, parts.server().trainer().globalHead(), server.getRef()));
    server.expectMessageClass(
        EdgeServerActor.UploadEmbeddings.class, TestTime.scaled(Duration.ofSeconds(30)));

    // What a shard hand-over does to its entities.
    testKit.stop(device);
    EdgeServerActor.LocalTrainingFailed stopped =
        server.expectMessageClass(EdgeServerActor.LocalTrainingFailed.class);
    assertThat(stopped.round()).isEqualTo(2);
    assertThat(stopped.device()).isZero();
    assertThat(stopped.reason()).contains("stopped mid-round");
  }

  /** Devices 0 and 1 are real; device 2 is the given stand-in. */
  private RoundRecord runOneRound(Path dir, ActorRef<DeviceActor.Command> third) throws Exception {
    RunParts parts = fixture.parts();
    return runOneRound(dir, third, parts, parts.plan());
  }

  private RoundRecord runOneRound(
      Path dir, ActorRef<DeviceActor.Command> third, RunParts parts, RoundPlan plan)
      throws Exception {
    Map<Integer, ActorRef<DeviceActor.Command>> devices = new TreeMap<>();
    for (int k = 0; k < 2; k++) {
      devices.put(
          k,
          testKit.spawn(
              DeviceActor.create(
                  parts.devices().trainers().get(k),
                  parts.devices().profiles().get(k),
                  parts.seed())));
    }
    devices.put(2, third);
    CompletableFuture<RunResult> done = new CompletableFuture<>();
    try (OutputDirectory out = new OutputDirectory(dir)) {
      ActorRef<MetricsSink.Command> sink =
          testKit.spawn(
              MetricsSink.create(
                  out, new CheckpointStore(dir.resolve("checkpoints"), 1), r -> {}, done));
      ActorRef<EdgeServerActor.Command> server =
          testKit.spawn(EdgeServerActor.create(parts.server()));
      ActorRef<SchedulerActor.Command> scheduler =
          testKit.spawn(
              SchedulerActor.create(
                  parts.scheduler().scheduler(), devices, parts.scheduler().reportTimeout()));
      ActorRef<RoundDriver.Command> driver =
          testKit.spawn(RoundDriver.create(plan, scheduler, server, devices, sink, new FaultLog()));
      driver.tell(RoundDriver.Start.INSTANCE);
      RunResult result = done.get(120, TimeUnit.SECONDS);
      assertThat(result.rounds()).hasSize(1);
      return result.rounds().get(0);
    }
  }

  /**
   * A device that reports, uploads its embeddings at once, and never returns the feature gradient.
   */
  private static Behavior<DeviceActor.Command> uploadsThenStalls(RunParts parts) {
    var trainer = parts.devices().trainers().get(2);
    return Behaviors.setup(
        context ->
            Behaviors.receive(DeviceActor.Command.class)
                .onMessage(
                    DeviceActor.ReportChannel.class,
                    r -> {
                      r.replyTo()
                          .tell(
                              new DeviceActor.ChannelReported(
                                  r.round(), new ChannelReport(2, 1e-9, 1e9, true)));
                      return Behaviors.same();
                    })
                .onMessage(
                    DeviceActor.StartLocalTraining.class,
                    start -> {
                      trainer.beginRound(start.head());
                      start
                          .server()
                          .tell(
                              new EdgeServerActor.UploadEmbeddings(
                                  start.round(),
                                  start.attempt(),
                                  2,
                                  0,
                                  trainer.embed(start.round(), 0),
                                  context.getSelf()));
                      return Behaviors.same();
                    })
                .onAnyMessage(m -> Behaviors.same())
                .build());
  }

  /** Answers the channel request with a good channel, then ignores its grant and the server. */
  private static Behavior<DeviceActor.Command> reportsThenFallsSilent() {
    return Behaviors.receive(DeviceActor.Command.class)
        .onMessage(
            DeviceActor.ReportChannel.class,
            r -> {
              r.replyTo()
                  .tell(
                      new DeviceActor.ChannelReported(
                          r.round(), new ChannelReport(2, 1e-9, 1e9, true)));
              return Behaviors.same();
            })
        .onAnyMessage(m -> Behaviors.same())
        .build();
  }
}
