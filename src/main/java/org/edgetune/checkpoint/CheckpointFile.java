package org.edgetune.checkpoint;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * The on-disk form of a {@link Checkpoint}: a fixed header, then the checkpoint as Jackson CBOR.
 *
 * <pre>
 * offset  bytes  field
 *  0      8      magic "EDGECKPT"
 *  8      4      format version (big-endian), {@value #VERSION}
 * 12      8      payload length n (big-endian)
 * 20      32     SHA-256 of the payload
 * 52      n      payload: the checkpoint in CBOR (floats as 32-bit and doubles as 64-bit CBOR
 *                floats, so every value comes back bit for bit)
 * </pre>
 *
 * A truncated file fails the length check, any changed payload byte the checksum, and a changed
 * header byte the magic, version, length or checksum check.
 */
public final class CheckpointFile {

  public static final int VERSION = 1;
  static final int HEADER_BYTES = 52;
  private static final byte[] MAGIC = "EDGECKPT".getBytes(StandardCharsets.US_ASCII);

  private static final ObjectMapper CBOR =
      new CBORMapper()
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES);

  private CheckpointFile() {}

  public static byte[] encode(Checkpoint checkpoint) {
    byte[] payload;
    try {
      payload = CBOR.writeValueAsBytes(checkpoint);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot encode the checkpoint of round " + (checkpoint.nextRound() - 1), e);
    }
    return ByteBuffer.allocate(HEADER_BYTES + payload.length)
        .put(MAGIC)
        .putInt(VERSION)
        .putLong(payload.length)
        .put(sha256(payload))
        .put(payload)
        .array();
  }

  public static Checkpoint decode(byte[] file) throws InvalidCheckpointException {
    if (file.length < HEADER_BYTES) {
      throw new InvalidCheckpointException(
          "truncated: "
              + file.length
              + " bytes, shorter than the "
              + HEADER_BYTES
              + "-byte header");
    }
    ByteBuffer in = ByteBuffer.wrap(file);
    byte[] magic = new byte[MAGIC.length];
    in.get(magic);
    if (!Arrays.equals(magic, MAGIC)) {
      throw new InvalidCheckpointException("not an EdgeTune checkpoint (bad magic)");
    }
    int version = in.getInt();
    if (version != VERSION) {
      throw new InvalidCheckpointException(
          "format version " + version + ", this build reads version " + VERSION);
    }
    long length = in.getLong();
    byte[] checksum = new byte[32];
    in.get(checksum);
    if (length != in.remaining()) {
      throw new InvalidCheckpointException(
          (length > in.remaining() ? "truncated: " : "wrong length: ")
              + in.remaining()
              + " payload bytes, the header says "
              + length);
    }
    byte[] payload = new byte[in.remaining()];
    in.get(payload);
    if (!MessageDigest.isEqual(checksum, sha256(payload))) {
      throw new InvalidCheckpointException("checksum mismatch (SHA-256 of the payload)");
    }
    try {
      return CBOR.readValue(payload, Checkpoint.class);
    } catch (IOException e) {
      throw new InvalidCheckpointException("payload cannot be decoded: " + e.getMessage(), e);
    }
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
