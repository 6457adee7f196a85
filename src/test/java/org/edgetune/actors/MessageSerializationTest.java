package org.edgetune.actors;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.Serializers;
import org.apache.pekko.serialization.jackson.JacksonCborSerializer;
import org.edgetune.cluster.FrameSizes;
import org.edgetune.model.EmbeddedBatch;
import org.edgetune.model.TensorPayload;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The remote messages as the actor system serialises them (the binding in reference.conf): every
 * type goes through Jackson CBOR and comes back equal, and a tensor travels as its raw bytes, so an
 * embedding upload costs what its floats cost.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MessageSerializationTest {

  private ActorTestKit kit;
  private Serialization serialization;

  @BeforeAll
  void start() {
    kit = ActorTestKit.create("message-serialization");
    serialization = SerializationExtension.get(kit.system());
  }

  @AfterAll
  void stop() {
    kit.shutdownTestKit();
  }

  @Test
  void everyRemoteMessageTypeHasASampleAndIsSerialisedAsCborAndComesBackEqual() {
    Map<Class<?>, Object> samples = RemoteMessages.samples(kit);
    Set<Class<?>> remote =
        RemoteMessages.scanCborSerializable().stream()
            .filter(c -> !RemoteMessages.localOnly(c))
            .collect(Collectors.toSet());
    assertThat(samples.keySet()).containsExactlyInAnyOrderElementsOf(remote);

    for (Object message : samples.values()) {
      Serialized s = serialize(message);
      assertThat(s.serializer())
          .as(message.getClass().getName())
          .isInstanceOf(JacksonCborSerializer.class);
      // Field by field: RoundOutcome and Scheduler.State hold arrays, whose record equals is by
      // identity.
      assertThat(deserialize(s))
          .as(message.getClass().getName())
          .usingRecursiveComparison()
          .withComparatorForType(Comparator.comparing(ref -> ref.path().toString()), ActorRef.class)
          .withComparatorForType(
              Double::compare, Double.class) // NaN (no objective) must come back as NaN
          .isEqualTo(message);
    }
  }

  @Test
  void embeddingUploadOfARealBatchIsItsRawTensorBytesAndAFewHundredMore() {
    int b = 16, length = 64, d = 384;
    float[] mask = new float[b * length];
    for (int row = 0; row < b; row++) {
      for (int t = 0; t < 10 + 3 * row; t++) {
        mask[row * length + t] = 1;
      }
    }
    EmbeddedBatch batch =
        new EmbeddedBatch(RemoteMessages.tensor(b, length, d), TensorPayload.of(mask, b, length));
    EdgeServerActor.UploadEmbeddings upload =
        new EdgeServerActor.UploadEmbeddings(
            123, 0, 17, 0, batch, kit.<DeviceActor.Command>createTestProbe().getRef());

    Serialized s = serialize(upload);
    long raw = (long) b * length * d * Float.BYTES + (long) b * length * Float.BYTES;
    assertThat((long) s.bytes().length).isBetween(raw, raw + raw / 100);
    // Each tensor is one CBOR byte string of its little-endian floats, not an array of numbers.
    assertRawByteString(s.bytes(), batch.embeddings().data());
    assertRawByteString(s.bytes(), batch.attentionMask().data());
    assertThat(deserialize(s)).isEqualTo(upload);
  }

  @Test
  void featuresOfARealBatchAreTheirRawTensorBytesAndAFewHundredMore() {
    DeviceActor.FeaturesComputed features =
        new DeviceActor.FeaturesComputed(
            123,
            0,
            0,
            RemoteMessages.tensor(16, 384),
            kit.<EdgeServerActor.Command>createTestProbe().getRef());

    Serialized s = serialize(features);
    long raw = 16L * 384 * Float.BYTES;
    assertThat((long) s.bytes().length).isBetween(raw, raw + raw / 100);
    assertRawByteString(s.bytes(), features.features().data());
    assertThat(deserialize(s)).isEqualTo(features);
  }

  /**
   * At a deep cut the server sends each device the gradient at its layer-n activations, b·L·d
   * floats like the upload: raw bytes too, within the large frame the cluster configures for it; at
   * the embedding-only cut the field is empty and the message stays small.
   */
  @Test
  void cutGradientOfARealBatchIsItsRawTensorBytesAndFitsTheLargeFrame() {
    int b = 16, length = 64, d = 384;
    ActorRef<EdgeServerActor.Command> server =
        kit.<EdgeServerActor.Command>createTestProbe().getRef();
    DeviceActor.LoraStepped deep =
        new DeviceActor.LoraStepped(123, 0, 0, RemoteMessages.tensor(b, length, d), server);
    EncoderNodeActor.InputGradient fromNode =
        new EncoderNodeActor.InputGradient(0, deep.cutGradient());

    long raw = (long) b * length * d * Float.BYTES;
    FrameSizes frames = FrameSizes.of(b, length, d, 2, 589_824, 24_576);
    for (Object message : List.of(deep, fromNode)) {
      Serialized s = serialize(message);
      assertThat((long) s.bytes().length)
          .as(message.getClass().getName())
          .isBetween(raw, raw + raw / 100)
          .isLessThanOrEqualTo(frames.largeBytes());
      assertRawByteString(s.bytes(), deep.cutGradient().data());
      assertThat(deserialize(s)).isEqualTo(message);
    }
    assertThat(frames.cutGradients()).isTrue();
    assertThat(FrameSizes.of(b, length, d, 2, 589_824).cutGradients()).isFalse();

    DeviceActor.LoraStepped shallow = new DeviceActor.LoraStepped(123, 0, 0, null, server);
    Serialized s = serialize(shallow);
    assertThat(s.bytes().length).isLessThan(1_000);
    assertThat(deserialize(s)).isEqualTo(shallow);
  }

  private record Serialized(Serializer serializer, String manifest, byte[] bytes) {}

  private Serialized serialize(Object message) {
    // Through Serialization, not the serializer alone: it tells Jackson the actor system, which
    // actor refs need.
    Serializer serializer = serialization.findSerializerFor(message);
    return new Serialized(
        serializer,
        Serializers.manifestFor(serializer, message),
        serialization.serialize(message).get());
  }

  private Object deserialize(Serialized s) {
    return serialization.deserialize(s.bytes(), s.serializer().identifier(), s.manifest()).get();
  }

  /**
   * {@code data} as one CBOR byte string: major type 2 with the shortest length argument (RFC 8949
   * §3).
   */
  private static void assertRawByteString(byte[] message, byte[] data) {
    int n = data.length;
    byte[] header =
        n < 24
            ? new byte[] {(byte) (0x40 + n)}
            : n < 0x100
                ? new byte[] {0x58, (byte) n}
                : n < 0x10000
                    ? new byte[] {0x59, (byte) (n >>> 8), (byte) n}
                    : new byte[] {
                      0x5A, (byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n
                    };
    byte[] expected = new byte[header.length + n];
    System.arraycopy(header, 0, expected, 0, header.length);
    System.arraycopy(data, 0, expected, header.length, n);
    assertThat(indexOf(message, expected)).as("raw tensor bytes in the message").isNotNegative();
  }

  static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
