package org.edgetune.privacy;

/**
 * A token-recovery attack on the uplink: names a vocabulary id for every row the server received at
 * one position.
 */
public interface TokenInversion {

  /** The id the attack names for each of {@code n} rows [n, d] received at position {@code p}. */
  int[] invert(int p, float[] rows, int n);
}
