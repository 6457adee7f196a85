package org.edgetune.train;

import org.edgetune.model.LabeledTokens;
import org.edgetune.model.ParameterState;
import org.edgetune.model.SplitLoraModel;

/**
 * Accuracy and F1 (macro-F1 beyond two classes) of a LoRA + head state on a held-out set, in
 * fixed-size forward batches.
 */
public final class Evaluator {

  private final SplitLoraModel model;
  private final LabeledTokens testSet;
  private final int batchSize;

  public Evaluator(SplitLoraModel model, LabeledTokens testSet, int batchSize) {
    this.model = model;
    this.testSet = testSet;
    this.batchSize = batchSize;
  }

  public Scores evaluate(ParameterState lora, ParameterState head) {
    int n = testSet.size();
    int[] predicted = new int[n];
    for (int from = 0; from < n; from += batchSize) {
      int to = Math.min(n, from + batchSize);
      int[] classes =
          model.predict(testSet.range(from, to).tokens(), lora, head).predictedClasses();
      System.arraycopy(classes, 0, predicted, from, classes.length);
    }
    return Scores.of(predicted, testSet.labels(), model.settings().classes());
  }
}
