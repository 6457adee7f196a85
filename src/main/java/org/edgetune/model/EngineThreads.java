package org.edgetune.model;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * PyTorch's intra-op thread count for the calling thread. PyTorch keeps it per thread (OpenMP's and
 * MKL's per-thread settings), so each thread that runs model work can be given its share of the
 * cores: two encoder workers with one thread each use two cores without oversubscribing them, where
 * the engine's default would give each as many threads as there are cores.
 */
public final class EngineThreads {

  private static final ThreadLocal<Integer> SET = new ThreadLocal<>();

  private EngineThreads() {}

  /**
   * Gives the calling thread {@code threads} intra-op threads (once per thread and value); 0 leaves
   * it as it is.
   */
  public static void useOnThisThread(int threads) {
    if (threads < 0) {
      throw new IllegalArgumentException("engine threads must be >= 0: " + threads);
    }
    Integer current = SET.get();
    if (threads == 0 || (current != null && current == threads)) {
      return;
    }
    Engine.getEngine("PyTorch");
    JniUtils.setNumThreads(threads);
    SET.set(threads);
  }

  /** The intra-op threads an operation started on the calling thread would use. */
  public static int onThisThread() {
    Engine.getEngine("PyTorch");
    return JniUtils.getNumThreads();
  }
}
