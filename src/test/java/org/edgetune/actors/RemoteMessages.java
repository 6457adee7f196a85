package org.edgetune.actors;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.edgetune.model.AdamWState;
import org.edgetune.model.EmbeddedBatch;
import org.edgetune.model.FloatTensor;
import org.edgetune.model.ParameterState;
import org.edgetune.model.TensorPayload;
import org.edgetune.schedule.ChannelReport;
import org.edgetune.schedule.Grant;
import org.edgetune.schedule.RoundOutcome;
import org.edgetune.schedule.Scheduler;
import org.edgetune.train.Scores;
import org.edgetune.train.ServerTrainer;
import org.edgetune.train.TrainableState;

/**
 * The messages that may cross a node boundary: found by scanning the compiled classes for {@link
 * CborSerializable}, and listed by hand with one sample each. The tests compare the two, so a new
 * message type must be added here (and so to the round-trip and privacy tests) to pass.
 */
final class RemoteMessages {

  private RemoteMessages() {}

  /**
   * Every concrete class under {@code org.edgetune} in the main classes directory that implements
   * the marker.
   */
  static Set<Class<?>> scanCborSerializable() {
    Path root = classesDirectory();
    try (Stream<Path> files = Files.walk(root.resolve("org/edgetune"))) {
      return files
          .filter(f -> f.toString().endsWith(".class"))
          .map(f -> root.relativize(f).toString().replace('/', '.').replaceAll("\\.class$", ""))
          .map(RemoteMessages::load)
          .filter(c -> CborSerializable.class.isAssignableFrom(c) && !c.isInterface())
          .collect(Collectors.toSet());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Marked for serialisation but local only: what {@code serialize-messages} skips and the wire
   * never sees.
   */
  static boolean localOnly(Class<?> type) {
    return NoSerializationVerificationNeeded.class.isAssignableFrom(type);
  }

  /**
   * Private nested types can only be made by the actor that declares them, which sends them to
   * itself.
   */
  static boolean privateNested(Class<?> type) {
    return type.getEnclosingClass() != null && Modifier.isPrivate(type.getModifiers());
  }

  /** One sample of each remote message type, by type; replies go to fresh probes of {@code kit}. */
  static Map<Class<?>, Object> samples(ActorTestKit kit) {
    ActorRef<DeviceActor.Command> device = kit.<DeviceActor.Command>createTestProbe().getRef();
    ActorRef<EdgeServerActor.Command> server =
        kit.<EdgeServerActor.Command>createTestProbe().getRef();
    ActorRef<EdgeServerActor.RoundEvent> events =
        kit.<EdgeServerActor.RoundEvent>createTestProbe().getRef();
    ParameterState head = head();
    EdgeServerActor.LocalTrainingDone done =
        new EdgeServerActor.LocalTrainingDone(5, 1, 2, 60, head, 0.69);
    TrainableState lora = new TrainableState(head, new AdamWState(7, head, head.zerosLike()));
    Map<String, Long> policyState = new TreeMap<>(Map.of("next", 3L));
    ActorRef<EncoderNodeActor.Reply> encoderReplies =
        kit.<EncoderNodeActor.Reply>createTestProbe().getRef();
    List<Object> all =
        List.of(
            new DeviceActor.Ping(kit.<DeviceActor.Pong>createTestProbe().getRef()),
            new DeviceActor.Pong(3),
            new DeviceActor.ReportChannel(
                5, kit.<DeviceActor.ChannelReported>createTestProbe().getRef()),
            new DeviceActor.ChannelReported(5, new ChannelReport(3, 1.5e-12, 1.25e9, true)),
            new DeviceActor.Granted(5, 0.25),
            new DeviceActor.StartLocalTraining(5, 1, 2, head, server),
            new DeviceActor.FeaturesComputed(5, 1, 0, tensor(2, 384), server),
            new DeviceActor.LoraStepped(5, 1, 0, tensor(2, 3, 384), server),
            new EdgeServerActor.AttachDriver(events),
            new EdgeServerActor.BeginRound(5, 1, List.of(0, 2), events),
            new EdgeServerActor.UploadEmbeddings(
                5,
                1,
                2,
                0,
                new EmbeddedBatch(
                    tensor(2, 3, 384), TensorPayload.of(new float[] {1, 1, 0, 1, 0, 0}, 2, 3)),
                device),
            new EdgeServerActor.UploadFeatureGradient(5, 1, 2, 0, tensor(2, 384), device),
            done,
            new EdgeServerActor.LocalTrainingFailed(5, 1, 2, "device crashed and restarted"),
            new EdgeServerActor.Aggregate(
                5, List.of(new ServerTrainer.DeviceUpdate(2, 60, head)), events),
            new EdgeServerActor.Evaluate(5, true, events),
            new EdgeServerActor.Snapshot(
                kit.<EdgeServerActor.Snapshotted>createTestProbe().getRef()),
            new EdgeServerActor.Snapshotted(
                new ServerTrainer.State(lora, TrainableState.fresh(head)), null),
            new EdgeServerActor.RoundBegun(5, 1, head),
            new EdgeServerActor.DeviceFinished(done),
            new EdgeServerActor.DeviceFailed(5, 1, 2, "no feature gradient within 1000 ms"),
            new EdgeServerActor.ServerRestarting(5, 1),
            new EdgeServerActor.BeginFailed(5, 1, "java.lang.IllegalStateException: out of memory"),
            new EdgeServerActor.WorkerLost(
                5, 1, 0, "encoder worker 0 crashed mid-pass in round 5 (worker-crash)"),
            new EdgeServerActor.Aggregated(5, null),
            new EdgeServerActor.Evaluated(5, Scores.binary(10, 2, 30, 4), null),
            new EncoderNodeActor.Begin(
                "model=all-minilm-l6-v2 seed=42", List.of(0, 2), head, encoderReplies),
            new EncoderNodeActor.Forward(
                2,
                5,
                0,
                new EmbeddedBatch(
                    tensor(2, 3, 384), TensorPayload.of(new float[] {1, 1, 0, 1, 0, 0}, 2, 3)),
                "the encoder node of worker 1 halts in round 5 (encoder-node-loss)",
                true,
                encoderReplies),
            new EncoderNodeActor.Backward(2, 0, tensor(2, 384), encoderReplies),
            new EncoderNodeActor.Abandon(2),
            new EncoderNodeActor.Collect(2, encoderReplies),
            new EncoderNodeActor.Done(3),
            new EncoderNodeActor.InputGradient(0, tensor(2, 3, 384)),
            new EncoderNodeActor.Features(tensor(2, 384)),
            new EncoderNodeActor.WorkingCopy(head),
            new EncoderNodeActor.Failed(
                "encoder worker 1 crashed mid-pass in round 5 (worker-crash)", true),
            new SchedulerActor.PlanRound(
                5, kit.<SchedulerActor.RoundPlanned>createTestProbe().getRef()),
            new SchedulerActor.RoundPlanned(
                new RoundOutcome(
                    5,
                    List.of(new Grant(0, 0.4), new Grant(2, 0.6)),
                    new double[] {1e-3, 0, 2e-3},
                    new double[] {0.5, 0, 0.7},
                    0.7,
                    0,
                    Double.NaN,
                    0.01,
                    0.02),
                3),
            new SchedulerActor.Snapshot(kit.<SchedulerActor.Snapshotted>createTestProbe().getRef()),
            new SchedulerActor.Snapshotted(
                new Scheduler.State(
                    "round-robin",
                    new double[] {0.1, 0, 0.2},
                    new double[] {0.3, 0.4, 0.5},
                    new TreeMap<>(policyState))));
    Map<Class<?>, Object> byType = new LinkedHashMap<>();
    all.forEach(m -> byType.put(m.getClass(), m));
    return byType;
  }

  /** A head the shape of the real one (d = 384, two classes) with non-trivial values. */
  static ParameterState head() {
    Map<String, FloatTensor> tensors = new LinkedHashMap<>();
    tensors.put("classifier.weight", new FloatTensor(new long[] {2, 384}, values(2 * 384)));
    tensors.put("classifier.bias", new FloatTensor(new long[] {2}, new float[] {0.5f, -0.25f}));
    return new ParameterState(tensors);
  }

  static TensorPayload tensor(int... shape) {
    int n = 1;
    for (int d : shape) {
      n *= d;
    }
    return TensorPayload.of(values(n), shape);
  }

  /** Deterministic values spread over many exponents, so no byte pattern repeats by accident. */
  static float[] values(int n) {
    float[] v = new float[n];
    SplittableRandom random = new java.util.SplittableRandom(n);
    for (int i = 0; i < n; i++) {
      v[i] = (float) (random.nextGaussian() * Math.pow(10, random.nextInt(-3, 3)));
    }
    return v;
  }

  private static Path classesDirectory() {
    try {
      return Path.of(
          CborSerializable.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Class<?> load(String name) {
    try {
      return Class.forName(name, false, RemoteMessages.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(e);
    }
  }
}
