package org.edgetune.faults;

/**
 * The exception a fault wrapper throws to crash an actor on purpose; supervision handles it like
 * any other.
 */
public final class InjectedFault extends RuntimeException {

  public InjectedFault(String message) {
    super(message);
  }
}
