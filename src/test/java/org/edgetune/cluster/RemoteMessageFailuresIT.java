package org.edgetune.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.serialization.SerializerWithStringManifest;
import org.edgetune.actors.DeviceActor;
import org.edgetune.actors.EdgeServerActor;
import org.edgetune.model.TensorPayload;
import org.edgetune.testing.Await;
import org.edgetune.testing.TestTime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Bad input from another node (issue 5 item 2, issue 6 item 4): actor systems on 127.0.0.1 with
 * Artery TCP on free ports, in this JVM. A message too big for a frame is refused by the sender
 * with a log line; bytes that are not CBOR are dropped by the receiver with a log line; either way
 * the nodes keep running and the next good message arrives.
 */
class RemoteMessageFailuresIT {

  private static final String REMOTE =
      """
      pekko.actor.provider = remote
      pekko.remote.artery.canonical.hostname = 127.0.0.1
      pekko.remote.artery.canonical.port = 0
      pekko.loggers = ["org.apache.pekko.event.slf4j.Slf4jLogger"]
      pekko.logging-filter = "org.apache.pekko.event.slf4j.Slf4jLoggingFilter"
      pekko.loglevel = INFO
      """;

  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
  private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  private ActorTestKit receiver;
  private TestProbe<DeviceActor.Command> device;

  @BeforeEach
  void start() {
    logged.start();
    root.addAppender(logged);
    receiver = ActorTestKit.create("receiver", config(""));
    device = receiver.createTestProbe(DeviceActor.Command.class);
  }

  @AfterEach
  void stop() {
    receiver.shutdownTestKit();
    root.detachAppender(logged);
  }

  @Test
  void oversizedMessageIsRefusedByTheSenderWithALogLineAndTheNextOneArrives() {
    ActorTestKit sender =
        ActorTestKit.create(
            "sender", config("pekko.remote.artery.advanced.maximum-frame-size = 32KiB"));
    try {
      ActorRef<DeviceActor.Command> remote = remoteRef(sender);
      // 64 × 384 floats: 98 KiB of tensor against a 32 KiB frame.
      ActorRef<EdgeServerActor.Command> server =
          sender.<EdgeServerActor.Command>createTestProbe().getRef();
      remote.tell(
          new DeviceActor.FeaturesComputed(
              1, 0, 0, TensorPayload.of(new float[64 * 384], 64, 384), server));
      DeviceActor.FeaturesComputed small =
          new DeviceActor.FeaturesComputed(
              1, 0, 1, TensorPayload.of(new float[] {1, 2}, 1, 2), server);
      remote.tell(small);

      DeviceActor.FeaturesComputed arrived =
          device.expectMessageClass(
              DeviceActor.FeaturesComputed.class, TestTime.scaled(Duration.ofSeconds(20)));
      assertThat(arrived.step()).isEqualTo(1);
      assertThat(arrived.features()).isEqualTo(small.features());
      device.expectNoMessage(Duration.ofMillis(500));
      ILoggingEvent refused =
          awaitLogged(
              e ->
                  e.getFormattedMessage().contains("oversized")
                      && e.getFormattedMessage()
                          .contains(DeviceActor.FeaturesComputed.class.getName()));
      // "Failed to serialize oversized message [...FeaturesComputed]." with the exception's "max
      // allowed size 32768 bytes".
      assertThat(refused.getLevel().toString()).isEqualTo("ERROR");
      assertThat(refused.getThrowableProxy().getClassName())
          .isEqualTo("org.apache.pekko.remote.OversizedPayloadException");
    } finally {
      sender.shutdownTestKit();
    }
  }

  @Test
  void malformedBytesAreDroppedByTheReceiverWithALogLineAndItKeepsServing() {
    // Its jackson-cbor serializer (same name, same id 33) writes garbage.
    ActorTestKit corrupt =
        ActorTestKit.create(
            "corrupt",
            config("pekko.actor.serializers.jackson-cbor = \"" + Garbage.class.getName() + "\""));
    ActorTestKit sender = ActorTestKit.create("sender", config(""));
    try {
      remoteRef(corrupt).tell(new DeviceActor.Granted(1, 0.5));
      ILoggingEvent dropped =
          awaitLogged(
              e ->
                  e.getFormattedMessage().contains("deserialize")
                      && e.getFormattedMessage().contains(DeviceActor.Granted.class.getName()));
      // "Failed to deserialize message from [pekko://corrupt@...] with serializer id [33] and
      // manifest [...Granted]."
      assertThat(dropped.getLevel().toString()).isEqualTo("ERROR");
      assertThat(dropped.getThrowableProxy().getClassName())
          .isEqualTo("com.fasterxml.jackson.core.JsonParseException");

      DeviceActor.Granted good = new DeviceActor.Granted(2, 0.25);
      remoteRef(sender).tell(good);
      assertThat(
              device.expectMessageClass(
                  DeviceActor.Granted.class, TestTime.scaled(Duration.ofSeconds(20))))
          .isEqualTo(good);
      device.expectNoMessage(Duration.ofMillis(500));
      assertThat(receiver.system().getWhenTerminated().toCompletableFuture()).isNotDone();
    } finally {
      corrupt.shutdownTestKit();
      sender.shutdownTestKit();
    }
  }

  /**
   * A serializer that answers for Jackson CBOR (id 33, class name as manifest) and writes bytes
   * that are not CBOR.
   */
  public static final class Garbage extends SerializerWithStringManifest {

    @Override
    public int identifier() {
      return 33;
    }

    @Override
    public String manifest(Object o) {
      return o.getClass().getName();
    }

    @Override
    public byte[] toBinary(Object o) {
      return "\u00ff\u00ffnot cbor at all".getBytes(StandardCharsets.ISO_8859_1);
    }

    @Override
    public Object fromBinary(byte[] bytes, String manifest) {
      throw new UnsupportedOperationException("this node only sends garbage");
    }
  }

  private static Config config(String extra) {
    return ConfigFactory.parseString(extra)
        .withFallback(ConfigFactory.parseString(REMOTE))
        .withFallback(ConfigFactory.load());
  }

  /** The receiver's probe as the sending node sees it: resolved from its full remote address. */
  private ActorRef<DeviceActor.Command> remoteRef(ActorTestKit from) {
    String path = ActorRefResolver.get(receiver.system()).toSerializationFormat(device.getRef());
    assertThat(path).startsWith("pekko://receiver@127.0.0.1:");
    return ActorRefResolver.get(from.system()).resolveActorRef(path);
  }

  /** A copy: the appender adds under its own lock (AppenderBase.doAppend is synchronized). */
  private List<ILoggingEvent> loggedSoFar() {
    synchronized (logged) {
      return List.copyOf(logged.list);
    }
  }

  private ILoggingEvent awaitLogged(Predicate<ILoggingEvent> match) {
    AtomicReference<ILoggingEvent> found = new AtomicReference<>();
    try {
      Await.until(
          "a matching log line",
          Duration.ofSeconds(20),
          () -> {
            loggedSoFar().stream().filter(match).findFirst().ifPresent(found::set);
            return found.get() != null;
          });
    } catch (AssertionError e) {
      throw new AssertionError(
          e.getMessage()
              + "; logged: "
              + loggedSoFar().stream()
                  .map(event -> event.getLevel() + " " + event.getFormattedMessage())
                  .toList(),
          e);
    }
    return found.get();
  }
}
