package org.edgetune.cli;

/** A problem with a file or argument the user gave (not a bug): reported without a stack trace. */
public final class BadInputException extends RuntimeException {
  public BadInputException(String message) {
    super(message);
  }

  public BadInputException(String message, Throwable cause) {
    super(message, cause);
  }
}
