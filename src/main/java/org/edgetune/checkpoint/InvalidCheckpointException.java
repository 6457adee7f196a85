package org.edgetune.checkpoint;

/**
 * A checkpoint file that cannot be trusted: wrong magic or version, truncated, or a checksum
 * mismatch.
 */
public final class InvalidCheckpointException extends Exception {
  public InvalidCheckpointException(String message) {
    super(message);
  }

  public InvalidCheckpointException(String message, Throwable cause) {
    super(message, cause);
  }
}
