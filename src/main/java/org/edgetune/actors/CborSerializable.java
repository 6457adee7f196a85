package org.edgetune.actors;

/**
 * Marker of every message that may cross a node boundary; bound to Jackson CBOR in the
 * serialization config (one marker, one binding).
 */
public interface CborSerializable {}
