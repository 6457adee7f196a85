package org.edgetune.checkpoint;

/**
 * A run that cannot be resumed: no usable checkpoint, or one that does not fit the run's metrics or
 * config. The message names the directory or file; nothing has been changed on disk.
 */
public final class CannotResumeException extends RuntimeException {
  public CannotResumeException(String message) {
    super(message);
  }

  public CannotResumeException(String message, Throwable cause) {
    super(message, cause);
  }
}
