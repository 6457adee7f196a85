package org.edgetune.train;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * A confusion matrix over C classes and the scores read from it. {@code confusion} is row-major
 * [actual][predicted]. Accuracy alone flatters a classifier that favours the large classes (about
 * 69% of SpamAssassin is ham), so F1 is reported beside it: for two classes the F1 of the positive
 * class (label 1, spam), for more the macro-F1, the unweighted mean of the per-class F1 scores.
 *
 * @param classes C
 * @param confusion C × C counts, row-major, actual class first
 */
public record Scores(int classes, List<Long> confusion) {

  public Scores {
    if (classes < 2) {
      throw new IllegalArgumentException("scores need at least two classes, not " + classes);
    }
    if (confusion.size() != classes * classes) {
      throw new IllegalArgumentException(confusion.size() + " counts for " + classes + " classes");
    }
    confusion = List.copyOf(confusion);
  }

  /** The two-class matrix from its four counts (class 1 positive). */
  public static Scores binary(
      long truePositives, long falsePositives, long trueNegatives, long falseNegatives) {
    return new Scores(2, List.of(trueNegatives, falsePositives, falseNegatives, truePositives));
  }

  public static Scores of(int[] predicted, int[] actual, int classes) {
    if (predicted.length != actual.length) {
      throw new IllegalArgumentException(
          "predictions ("
              + predicted.length
              + ") and labels ("
              + actual.length
              + ") differ in length");
    }
    long[] counts = new long[classes * classes];
    for (int i = 0; i < predicted.length; i++) {
      if (actual[i] < 0 || actual[i] >= classes || predicted[i] < 0 || predicted[i] >= classes) {
        throw new IllegalArgumentException(
            "row "
                + i
                + ": class "
                + actual[i]
                + " or prediction "
                + predicted[i]
                + " outside 0.."
                + (classes - 1));
      }
      counts[actual[i] * classes + predicted[i]]++;
    }
    List<Long> confusion = new ArrayList<>(counts.length);
    for (long n : counts) {
      confusion.add(n);
    }
    return new Scores(classes, confusion);
  }

  /** Examples whose true class is {@code actual} and that were predicted as {@code predicted}. */
  public long count(int actual, int predicted) {
    return confusion.get(actual * classes + predicted);
  }

  public long total() {
    long sum = 0;
    for (long n : confusion) {
      sum += n;
    }
    return sum;
  }

  public double accuracy() {
    long correct = 0;
    for (int c = 0; c < classes; c++) {
      correct += count(c, c);
    }
    return total() == 0 ? 0 : (double) correct / total();
  }

  /**
   * The headline F1: of class 1 for two classes (so binary runs report what they always did), else
   * macro-F1.
   */
  public double f1() {
    return classes == 2 ? f1Of(1) : macroF1();
  }

  /** Unweighted mean of the per-class F1 scores; a class never predicted nor present scores 0. */
  public double macroF1() {
    double sum = 0;
    for (int c = 0; c < classes; c++) {
      sum += f1Of(c);
    }
    return sum / classes;
  }

  /** 2·TP / (2·TP + FP + FN) of one class taken as positive; 0 when it has no true positive. */
  public double f1Of(int positive) {
    long tp = count(positive, positive);
    long fp = predictedAs(positive) - tp;
    long fn = actually(positive) - tp;
    long denominator = 2 * tp + fp + fn;
    return denominator == 0 ? 0 : 2.0 * tp / denominator;
  }

  /** Precision of class 1 (two classes) or the mean per-class precision (more). */
  public double precision() {
    return averaged(true);
  }

  /** Recall of class 1 (two classes) or the mean per-class recall (more). */
  public double recall() {
    return averaged(false);
  }

  private double averaged(boolean precision) {
    List<Integer> over = classes == 2 ? List.of(1) : IntStream.range(0, classes).boxed().toList();
    double sum = 0;
    for (int c : over) {
      long denominator = precision ? predictedAs(c) : actually(c);
      sum += denominator == 0 ? 0 : (double) count(c, c) / denominator;
    }
    return sum / over.size();
  }

  private long predictedAs(int c) {
    long sum = 0;
    for (int a = 0; a < classes; a++) {
      sum += count(a, c);
    }
    return sum;
  }

  private long actually(int c) {
    long sum = 0;
    for (int p = 0; p < classes; p++) {
      sum += count(c, p);
    }
    return sum;
  }
}
