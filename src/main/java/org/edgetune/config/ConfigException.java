package org.edgetune.config;

/** A configuration problem, always naming the key (or file) and what would be accepted. */
public final class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
