package org.edgetune.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The one polling wait of the tests, for conditions no actor probe can wait on (files, child JVMs,
 * cluster state).
 */
public final class Await {

  private static final long POLL_MILLIS = 50;

  private Await() {}

  /** Waits until {@code condition} holds, at most {@code allowance} scaled by {@link TestTime}. */
  public static void until(String what, Duration allowance, BooleanSupplier condition) {
    until(what, allowance, condition, () -> null);
  }

  /**
   * Waits until {@code condition} holds, at most {@code allowance} scaled by {@link TestTime};
   * stops at once when {@code gaveUp} returns a reason (for example: the child process ended), and
   * fails naming {@code what} and that reason.
   */
  public static void until(
      String what, Duration allowance, BooleanSupplier condition, Supplier<String> gaveUp) {
    Duration max = TestTime.scaled(allowance);
    long deadline = System.nanoTime() + max.toNanos();
    while (!condition.getAsBoolean()) {
      String reason = gaveUp.get();
      if (reason != null) {
        throw new AssertionError("gave up waiting for " + what + ": " + reason);
      }
      if (System.nanoTime() > deadline) {
        String more = gaveUp.get();
        throw new AssertionError(
            "not within " + max + ": " + what + (more == null ? "" : " (" + more + ")"));
      }
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for " + what, e);
      }
    }
  }
}
