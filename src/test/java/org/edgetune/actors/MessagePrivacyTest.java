package org.edgetune.actors;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.pekko.actor.typed.ActorRef;
import org.edgetune.data.Example;
import org.edgetune.data.Partitioner;
import org.edgetune.data.Shard;
import org.edgetune.data.TrainTestSplit;
import org.edgetune.model.EmbeddedBatch;
import org.edgetune.model.LabeledTokens;
import org.edgetune.model.TextTokenizer;
import org.edgetune.model.TokenBatch;
import org.edgetune.output.OutputDirectory;
import org.edgetune.train.DeviceTrainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * DESIGN.md §6 and issue 5: across node boundaries no message carries token ids, labels or text,
 * only embeddings, features, gradients, parameters and control messages. Checked twice: on the
 * types (what a remote message can hold at all) and on the bytes a real run writes.
 */
class MessagePrivacyTest {

  /** Types that hold a device's raw data; none may be reachable from a remote message. */
  private static final Set<Class<?>> RAW_DATA =
      Set.of(
          TokenBatch.class,
          LabeledTokens.class,
          Example.class,
          Shard.class,
          TrainTestSplit.class,
          DeviceTrainer.class,
          TextTokenizer.class);

  /**
   * Every place in a remote message where text or a sequence of numbers can sit (a String, an
   * array, a collection or map of numbers or strings), and why it cannot carry a device's data.
   * Keys are {@code Record.component}, with {@code <key>}, {@code <value>} or {@code <element>} for
   * what a collection holds.
   */
  private static final Map<String, String> ALLOWED =
      Map.ofEntries(
          entry("TensorPayload.shape", "tensor dimensions"),
          entry(
              "TensorPayload.data",
              "float32 values of an embedding (or layer-n activation), feature or gradient tensor"),
          entry("FloatTensor.shape", "tensor dimensions"),
          entry("FloatTensor.values", "trainable parameters, their gradients or AdamW moments"),
          entry(
              "ParameterState.tensors<key>",
              "parameter names of the model (classifier.weight, <module>.lora_A)"),
          entry("ParameterState.tensors<value>", "one tensor per parameter, walked itself"),
          entry(
              "EdgeServerActor.BeginRound.devices<element>",
              "ids of the devices scheduled in the round"),
          entry(
              "EdgeServerActor.Aggregate.updates<element>", "one record per device, walked itself"),
          entry("RoundOutcome.grants<element>", "one record per device, walked itself"),
          entry("RoundOutcome.energyJ", "energy per device in the round"),
          entry("RoundOutcome.latencyS", "latency per device in the round"),
          entry(
              "Scores.confusion<element>",
              "counts of the confusion matrix on the server's own test split (totals, no example)"),
          entry("Scheduler.State.policy", "the policy's name from the config"),
          entry("Scheduler.State.backlogJ", "virtual energy queue per device"),
          entry("Scheduler.State.spentJ", "energy spent per device"),
          entry("Scheduler.State.policyState<key>", "names of the policy's counters"),
          entry(
              "Scheduler.State.policyState<value>",
              "the policy's counters (a round-robin position)"),
          // Failure reasons: fixed text, a timeout, or an exception of tensor code. The device's
          // text
          // was tokenised before the run, and token ids never reach the code that fails here.
          entry("EdgeServerActor.LocalTrainingFailed.reason", "failure reason"),
          entry("EdgeServerActor.DeviceFailed.reason", "failure reason"),
          entry("EdgeServerActor.BeginFailed.reason", "failure reason"),
          entry("EdgeServerActor.WorkerLost.reason", "failure reason"),
          entry(
              "EncoderNodeActor.Begin.run",
              "the run's model, LoRA settings, cut point, seed, learning rate and trainable parts"),
          entry(
              "EncoderNodeActor.Begin.devices<element>",
              "ids of the devices an encoder node runs this round"),
          entry("EncoderNodeActor.Forward.crash", "reason of an injected fault"),
          entry("EncoderNodeActor.Failed.reason", "failure reason"),
          entry(
              "SchedulerActor.RoundPlanned.failure",
              "why a scheduling policy failed (its class name and the round)"),
          entry("EdgeServerActor.Aggregated.failure", "failure reason"),
          entry(
              "EdgeServerActor.Evaluated.failure",
              "failure reason (evaluation is on the server's own test split)"),
          entry("EdgeServerActor.Snapshotted.failure", "failure reason"));

  @Test
  void remoteMessageTypesHoldNoRawDataAndTextOrSequencesOnlyWhereAllowed() {
    Set<Class<?>> marked = RemoteMessages.scanCborSerializable();
    Set<Class<?>> localOnly =
        marked.stream().filter(RemoteMessages::localOnly).collect(Collectors.toSet());
    // A local-only message may hold anything (a Throwable, a batch in flight), because only the
    // actor
    // that declares it can make it, and it sends it to itself.
    assertThat(localOnly).isNotEmpty().allMatch(RemoteMessages::privateNested, "private nested");

    Walk walk = new Walk();
    marked.stream().filter(c -> !localOnly.contains(c)).forEach(c -> walk.type(c, c.getName()));

    assertThat(walk.problems).isEmpty();
    assertThat(walk.sequences).containsExactlyInAnyOrderElementsOf(ALLOWED.keySet());
  }

  /**
   * What serialize-messages checks: messages into a mailbox. Replies into message adapters and asks
   * (channel reports, the server's round events, snapshots) skip it, so only the type walk above
   * covers them. A message that fails the check is dropped, and the run would wait for it for ever.
   */
  @Test
  @Timeout(value = 10, unit = TimeUnit.MINUTES)
  void aRealRunWritesNoEmailTextLabelsOrTokenIds(@TempDir Path tmp) throws IOException {
    try (SimulationFixture f =
        new SimulationFixture(
            "edgetune.schedule.policy=full",
            "edgetune.schedule.rounds=2",
            "edgetune.federated.eval-every=2",
            "pekko.actor.serialize-messages=on",
            "pekko.actor.serializers.recording=\"" + RecordingSerializer.class.getName() + "\"",
            "pekko.actor.serialization-bindings.\""
                + CborSerializable.class.getName()
                + "\"=recording",
            // Jackson reads only the classes bound to it; the binding above now names the recorder.
            "pekko.serialization.jackson.allowed-class-prefix=[\"org.edgetune.\"]")) {
      RecordingSerializer.WRITTEN.clear();
      try (OutputDirectory out = new OutputDirectory(tmp)) {
        Simulation.run(f.inputs(), out, r -> {});
      }
      List<RecordingSerializer.Written> written = new ArrayList<>(RecordingSerializer.WRITTEN);

      Set<Class<?>> remote =
          RemoteMessages.scanCborSerializable().stream()
              .filter(c -> !RemoteMessages.localOnly(c))
              .collect(Collectors.toSet());
      Set<Class<?>> types =
          written.stream().map(RecordingSerializer.Written::type).collect(Collectors.toSet());
      assertThat(types)
          .contains(
              EdgeServerActor.UploadEmbeddings.class,
              DeviceActor.FeaturesComputed.class,
              EdgeServerActor.UploadFeatureGradient.class,
              DeviceActor.StartLocalTraining.class,
              EdgeServerActor.LocalTrainingDone.class)
          .allMatch(remote::contains, "a remote message type");

      Needles needles = new Needles();
      List<Shard> shards =
          Partitioner.of(f.settings.data())
              .partition(f.split.train(), f.settings.devices(), f.settings.seed());
      LabeledTokens train = LabeledTokens.of(f.split.train(), f.tokenizer);
      addText(needles, shards, f.split.train());
      addTokenIds(needles, shards, train);
      for (Shard shard : shards) {
        LabeledTokens own =
            train.rows(shard.indices().stream().mapToInt(Integer::intValue).toArray());
        for (long round = 0; round < f.settings.rounds(); round++) {
          LabeledTokens batch = own.rows(sampledRows(f, shard.device(), own.size(), round));
          if (round == 0) {
            // The rows re-derived here are the ones the device embedded and sent, so their labels
            // are the right ones.
            EmbeddedBatch sent = f.model.deviceSide().embed(batch.tokens());
            assertThat(written)
                .anySatisfy(
                    w ->
                        assertThat(
                                MessageSerializationTest.indexOf(
                                    w.bytes(), sent.embeddings().data()))
                            .isNotNegative());
          }
          addLabels(needles, batch.labels());
        }
      }
      assertThat(needles.size()).isGreaterThan(300);
      for (RecordingSerializer.Written w : written) {
        assertThat(needles.findIn(w.bytes())).as(w.type().getName()).isNull();
      }
    }
  }

  /** The rows DeviceTrainer.embed samples in (round, step 0). */
  private static int[] sampledRows(SimulationFixture f, int device, int shardSize, long round) {
    return DeviceTrainer.batchRows(
        f.settings.seed(), device, round, 0, shardSize, f.settings.train().batchSize());
  }

  /** Two 24-character pieces of each email on the devices, in UTF-8 and ISO-8859-1. */
  private static void addText(Needles needles, List<Shard> shards, List<Example> train) {
    SplittableRandom random = new SplittableRandom(5);
    for (Shard shard : shards) {
      for (int index : shard.indices()) {
        String text = train.get(index).text();
        for (int piece = 0; piece < 2 && text.length() >= 24; piece++) {
          String s = text.substring(random.nextInt(text.length() - 23)).substring(0, 24);
          if (s.chars().filter(Character::isLetter).count() >= 12) {
            needles.add(s.getBytes(StandardCharsets.UTF_8));
            needles.add(s.getBytes(StandardCharsets.ISO_8859_1));
          }
        }
      }
    }
  }

  /**
   * The first 8 token ids of every row on the devices, as int64 and int32 little-endian, float32,
   * and CBOR integers.
   */
  private static void addTokenIds(Needles needles, List<Shard> shards, LabeledTokens train) {
    int length = train.tokens().length();
    long[] ids = train.tokens().ids();
    for (Shard shard : shards) {
      for (int row : shard.indices()) {
        long[] first = Arrays.copyOfRange(ids, row * length, row * length + 8);
        ByteBuffer int64 = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer int32 = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer float32 = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN);
        for (long id : first) {
          int64.putLong(id);
          int32.putInt((int) id);
          float32.putFloat(id);
        }
        needles.add(int64.array());
        needles.add(int32.array());
        needles.add(float32.array());
        needles.add(cborElements(first));
      }
    }
  }

  /**
   * A batch's labels as CBOR integers (how Jackson writes an int[]), CBOR booleans and int32
   * little-endian. A batch of one class is skipped: its pattern (16 zero bytes) is also padding. As
   * float32 they would look like an attention mask, so that form is not searched.
   */
  private static void addLabels(Needles needles, int[] labels) {
    if (Arrays.stream(labels).distinct().count() < 2) {
      return;
    }
    byte[] bools = new byte[labels.length];
    ByteBuffer int32 = ByteBuffer.allocate(4 * labels.length).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < labels.length; i++) {
      bools[i] = (byte) (labels[i] == 1 ? 0xF5 : 0xF4);
      int32.putInt(labels[i]);
    }
    needles.add(cborElements(Arrays.stream(labels).asLongStream().toArray()));
    needles.add(bools);
    needles.add(int32.array());
  }

  private static final ObjectMapper CBOR = new CBORMapper();

  /** The values as CBOR writes them one after another inside an array. */
  private static byte[] cborElements(long[] values) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      for (long v : values) {
        out.write(CBOR.writeValueAsBytes(v));
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return out.toByteArray();
  }

  /** Byte patterns of at least 8 bytes, found in one pass over a message by their first 8 bytes. */
  private static final class Needles {
    private final Map<Long, List<byte[]>> byPrefix = new HashMap<>();
    private int size;

    void add(byte[] needle) {
      if (needle.length < 8) {
        throw new IllegalArgumentException("needles are at least 8 bytes");
      }
      byPrefix
          .computeIfAbsent(ByteBuffer.wrap(needle).getLong(), k -> new ArrayList<>())
          .add(needle);
      size++;
    }

    int size() {
      return size;
    }

    /** The first needle found in {@code haystack}, in hex with its offset, or null. */
    String findIn(byte[] haystack) {
      ByteBuffer buffer = ByteBuffer.wrap(haystack);
      for (int i = 0; i + 8 <= haystack.length; i++) {
        List<byte[]> candidates = byPrefix.get(buffer.getLong(i));
        if (candidates == null) {
          continue;
        }
        for (byte[] needle : candidates) {
          if (Arrays.equals(
              haystack,
              i,
              Math.min(i + needle.length, haystack.length),
              needle,
              0,
              needle.length)) {
            return HexFormat.of().formatHex(needle) + " at " + i;
          }
        }
      }
      return null;
    }
  }

  /** Walks the component types of records, recording raw-data types and where sequences can sit. */
  private static final class Walk {
    final List<String> problems = new ArrayList<>();
    final Set<String> sequences = new TreeSet<>();
    private final Set<Class<?>> seen = new HashSet<>();

    void type(Type type, String where) {
      if (type instanceof ParameterizedType p) {
        Class<?> raw = (Class<?>) p.getRawType();
        Type[] args = p.getActualTypeArguments();
        if (ActorRef.class.isAssignableFrom(raw)) {
          return; // an address; the messages it accepts are walked as messages of their own
        }
        if (Collection.class.isAssignableFrom(raw)) {
          element(args[0], where + "<element>");
        } else if (Map.class.isAssignableFrom(raw)) {
          element(args[0], where + "<key>");
          element(args[1], where + "<value>");
        } else {
          problems.add(where + ": generic type " + p + " not known to this walk");
        }
        return;
      }
      if (type instanceof GenericArrayType || !(type instanceof Class<?> c)) {
        problems.add(where + ": type " + type + " not known to this walk");
        return;
      }
      if (RAW_DATA.contains(c) || Throwable.class.isAssignableFrom(c)) {
        problems.add(where + ": " + c.getName());
      } else if (c == String.class || c.isArray()) {
        sequence(where);
      } else if (c.isRecord()) {
        if (seen.add(c)) {
          for (RecordComponent rc : c.getRecordComponents()) {
            type(rc.getGenericType(), name(c) + "." + rc.getName());
          }
        }
      } else if (!(c.isPrimitive()
          || c.isEnum()
          || c == Integer.class
          || c == Long.class
          || c == Double.class
          || c == Float.class
          || c == Boolean.class)) {
        problems.add(where + ": " + c.getName() + " is neither a record nor a plain value");
      }
    }

    /** What a collection holds is a sequence in itself, and a record is also walked. */
    private void element(Type type, String where) {
      sequence(where);
      if (!(type instanceof Class<?> c
          && (c == String.class || Number.class.isAssignableFrom(c)))) {
        type(type, where);
      }
    }

    private void sequence(String where) {
      sequences.add(where);
      if (!ALLOWED.containsKey(where)) {
        problems.add(where + ": a string, an array or a collection, not on the allow-list");
      }
    }

    private static String name(Class<?> c) {
      return c.getName().substring(c.getPackageName().length() + 1).replace('$', '.');
    }
  }
}
