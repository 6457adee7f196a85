package org.edgetune.util;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Random streams keyed by (seed, purpose, device, round): a draw never depends on how many draws
 * other parts of the system made before it, so message timing, policies and resumed runs all see
 * the same numbers.
 */
public final class KeyedRandom {

  /** Marks a stream that belongs to no particular device or round. */
  public static final int ANY = -1;

  private KeyedRandom() {}

  /**
   * A fresh generator for the purpose's stream of (device, round); the same arguments give the same
   * stream.
   */
  public static SplittableRandom stream(long seed, StreamPurpose purpose, int device, long round) {
    return stream(seed, purpose.key(), device, round);
  }

  /** A fresh generator for the purpose's stream of one label, group, fault kind or message type. */
  public static SplittableRandom stream(
      long seed, StreamPurpose purpose, String qualifier, int device, long round) {
    return stream(seed, purpose.qualified(qualifier), device, round);
  }

  /** The key of the purpose's stream of (device, round), for code that seeds its own generator. */
  public static long key(long seed, StreamPurpose purpose, int device, long round) {
    return key(seed, purpose.key(), device, round);
  }

  /** A fresh generator for the key; calling twice with the same key gives the same stream. */
  private static SplittableRandom stream(long seed, String purpose, int device, long round) {
    return new SplittableRandom(key(seed, purpose, device, round));
  }

  /**
   * A 64-bit key mixing all parts with SplitMix64 finalisers (good avalanche, no collisions in
   * practice).
   */
  static long key(long seed, String purpose, int device, long round) {
    long h = mix(seed ^ 0x9E3779B97F4A7C15L);
    for (byte b : purpose.getBytes(StandardCharsets.UTF_8)) {
      h = mix(h ^ (b & 0xFF));
    }
    h = mix(h ^ device);
    return mix(h ^ round);
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
