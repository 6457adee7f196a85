package org.edgetune.actors;

import java.io.NotSerializableException;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.serialization.SerializerWithStringManifest;
import org.apache.pekko.serialization.jackson.JacksonCborSerializer;

/**
 * Jackson CBOR, as bound in reference.conf, that also keeps a copy of everything it writes: bound
 * to {@link CborSerializable} in a test's config (with {@code serialize-messages = on}), it shows
 * what each message would put on the wire. The actor system builds it, so the copies go to a static
 * queue; one test at a time uses it.
 */
public final class RecordingSerializer extends SerializerWithStringManifest {

  public record Written(Class<?> type, byte[] bytes) {}

  static final Queue<Written> WRITTEN = new ConcurrentLinkedQueue<>();

  private final JacksonCborSerializer cbor;

  public RecordingSerializer(ExtendedActorSystem system) {
    this.cbor = new JacksonCborSerializer(system, "jackson-cbor");
  }

  @Override
  public int identifier() {
    return 7_033;
  }

  @Override
  public String manifest(Object o) {
    return cbor.manifest(o);
  }

  @Override
  public byte[] toBinary(Object o) {
    byte[] bytes = cbor.toBinary(o);
    WRITTEN.add(new Written(o.getClass(), bytes));
    return bytes;
  }

  @Override
  public Object fromBinary(byte[] bytes, String manifest) throws NotSerializableException {
    return cbor.fromBinary(bytes, manifest);
  }
}
