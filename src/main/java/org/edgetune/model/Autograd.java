package org.edgetune.model;

import ai.djl.engine.Engine;
import ai.djl.training.GradientCollector;
import java.util.function.Function;

/**
 * Runs work inside a gradient collector. DJL's PyTorch engine allows only one open collector per
 * JVM (a second one throws), while device actors and the server compute concurrently; this lock
 * makes them take turns. Each turn is one forward or one backward pass, never a wait for a message.
 */
final class Autograd {

  private static final Object LOCK = new Object();

  private Autograd() {}

  static <T> T collect(Function<GradientCollector, T> work) {
    synchronized (LOCK) {
      try (GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
        return work.apply(collector);
      }
    }
  }
}
