package org.edgetune.actors;

/**
 * Marker of every message that may cross a node boundary; bound to Jackson CBOR in {@code
 * reference.conf} (one marker, one binding). Such a message is a record of plain values, tensors
 * ({@link org.edgetune.model.TensorPayload}, {@link org.edgetune.model.ParameterState}) and typed
 * actor refs, and never carries token ids, labels or text as such (tested; what the server can
 * still infer from the tensors is measured by {@code edgetune privacy-audit}). A message that can
 * only ever be sent within its JVM (a private record an actor sends itself, a wrapper of an
 * adapter) implements {@link org.apache.pekko.actor.NoSerializationVerificationNeeded} instead or
 * as well, so that {@code serialize-messages = on} in the tests skips it.
 */
public interface CborSerializable {}
