package org.edgetune.testing;

import java.time.Duration;

/**
 * Wall-clock allowances of the tests, scaled by the system property {@value #PROPERTY} (default 1;
 * Surefire and Failsafe pass it through): a loaded or slow machine sets it above 1 and every
 * deadline, await and timeout a test configures grows alike, instead of the test failing.
 */
public final class TestTime {

  public static final String PROPERTY = "test.time-scale";

  private TestTime() {}

  /** The scale factor; refuses a value that is not a positive number, naming the property. */
  public static double scale() {
    String value = System.getProperty(PROPERTY, "1");
    try {
      double scale = Double.parseDouble(value);
      if (scale > 0 && Double.isFinite(scale)) {
        return scale;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        "system property " + PROPERTY + " is '" + value + "'; want a number > 0");
  }

  public static Duration scaled(Duration allowance) {
    return Duration.ofNanos(Math.round(allowance.toNanos() * scale()));
  }

  /** A config value in whole seconds, scaled and rounded up. */
  public static long seconds(long seconds) {
    return (long) Math.ceil(seconds * scale());
  }
}
