package org.edgetune.train;

/**
 * Accuracy and F1 of the positive class (spam) from a confusion matrix. The classes are
 * imbalanced (about 31% spam), so accuracy alone flatters a classifier that always says "ham".
 */
public record BinaryScores(long truePositives, long falsePositives, long trueNegatives, long falseNegatives) {

  public static BinaryScores of(int[] predicted, int[] actual) {
    if (predicted.length != actual.length) {
      throw new IllegalArgumentException(
          "predictions (" + predicted.length + ") and labels (" + actual.length + ") differ in length");
    }
    long tp = 0, fp = 0, tn = 0, fn = 0;
    for (int i = 0; i < predicted.length; i++) {
      boolean p = predicted[i] == 1;
      boolean a = actual[i] == 1;
      if (p && a) tp++;
      else if (p) fp++;
      else if (a) fn++;
      else tn++;
    }
    return new BinaryScores(tp, fp, tn, fn);
  }

  public long total() {
    return truePositives + falsePositives + trueNegatives + falseNegatives;
  }

  public double accuracy() {
    return total() == 0 ? 0 : (double) (truePositives + trueNegatives) / total();
  }

  public double precision() {
    long predictedPositive = truePositives + falsePositives;
    return predictedPositive == 0 ? 0 : (double) truePositives / predictedPositive;
  }

  public double recall() {
    long actualPositive = truePositives + falseNegatives;
    return actualPositive == 0 ? 0 : (double) truePositives / actualPositive;
  }

  /** Harmonic mean of precision and recall; 0 when there is no true positive. */
  public double f1() {
    long denominator = 2 * truePositives + falsePositives + falseNegatives;
    return denominator == 0 ? 0 : 2.0 * truePositives / denominator;
  }
}
