package org.edgetune.model;

import java.util.Arrays;

/**
 * Task-head outputs for a batch.
 *
 * @param batchSize rows
 * @param classes columns
 * @param logits row-major [batchSize, classes]
 */
public record Prediction(int batchSize, int classes, float[] logits) {

  public Prediction {
    if (logits.length != batchSize * classes) {
      throw new IllegalArgumentException(
          "logits must hold " + batchSize + " × " + classes + " values");
    }
  }

  /** The arg-max class of each row (the lower index wins a tie). */
  public int[] predictedClasses() {
    int[] predicted = new int[batchSize];
    for (int row = 0; row < batchSize; row++) {
      int best = 0;
      for (int c = 1; c < classes; c++) {
        if (logits[row * classes + c] > logits[row * classes + best]) {
          best = c;
        }
      }
      predicted[row] = best;
    }
    return predicted;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Prediction p
        && batchSize == p.batchSize
        && classes == p.classes
        && Arrays.equals(logits, p.logits);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(logits);
  }

  @Override
  public String toString() {
    return "Prediction[" + batchSize + " × " + classes + "]";
  }
}
