package org.edgetune.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The gradient attack against feature gradients written out by hand (softmax cross-entropy of a
 * linear head, dL/df = Wᵀ(p − y)/B), and for two classes against the sign rule it reduces to.
 */
class LabelInferenceTest {

  @Test
  void recoversEveryLabelFromExactGradientsForManyClasses() {
    SplittableRandom random = new SplittableRandom(3);
    for (int classes : new int[] {2, 3, 7}) {
      int d = 32;
      int n = 200;
      float[] w = gaussian(random, classes * d, 0.02);
      float[] features = gaussian(random, n * d, 1.0);
      int[] labels = new int[n];
      for (int i = 0; i < n; i++) {
        labels[i] = random.nextInt(classes);
      }
      float[] g = crossEntropyFeatureGradient(w, new float[classes], features, labels, classes);
      assertThat(LabelInference.fromFeatureGradient(g, n, w, classes)).containsExactly(labels);
    }
  }

  @Test
  void forTwoClassesTheAttackOnAnyVectorIsTheSignAgainstTheWeightDifference() {
    SplittableRandom random = new SplittableRandom(4);
    int d = 16;
    int n = 100;
    float[] w = gaussian(random, 2 * d, 0.5);
    float[] g = gaussian(random, n * d, 1.0);
    int[] attack = LabelInference.fromFeatureGradient(g, n, w, 2);
    for (int i = 0; i < n; i++) {
      // g = p0 (w0 − w1) for label 1 and p1 (w1 − w0) for label 0: below zero against w1 − w0 means
      // 1.
      double s = 0;
      for (int j = 0; j < d; j++) {
        s += g[i * d + j] * (w[d + j] - w[j]);
      }
      assertThat(attack[i]).isEqualTo(s < 0 ? 1 : 0);
    }
  }

  @Test
  void centroidProbeNamesTheNearestClassMean() {
    float[] features = {0, 0, 2, 0, 10, 10, 12, 10};
    double[][] centroids = LabelInference.centroids(features, new int[] {0, 0, 1, 1}, 2);
    assertThat(centroids[0]).containsExactly(1, 0);
    assertThat(centroids[1]).containsExactly(11, 10);
    assertThat(LabelInference.nearestCentroid(new float[] {5, 4, 6, 6, -3, 1}, 3, centroids))
        .containsExactly(0, 1, 0);
  }

  @Test
  void solvesASmallLinearSystem() {
    double[] x =
        LabelInference.solve(
            new double[][] {{0, 2, 1}, {1, 1, 1}, {2, 1, 3}}, new double[] {7, 6, 13});
    assertThat(x[0]).isCloseTo(1, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(x[1]).isCloseTo(2, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(x[2]).isCloseTo(3, org.assertj.core.data.Offset.offset(1e-12));
  }

  /** dMean(CE)/dfeatures of logits = f Wᵀ + b, row by row, in double. */
  static float[] crossEntropyFeatureGradient(
      float[] w, float[] b, float[] features, int[] labels, int classes) {
    int n = labels.length;
    int d = w.length / classes;
    float[] g = new float[n * d];
    for (int i = 0; i < n; i++) {
      double[] logits = new double[classes];
      double max = Double.NEGATIVE_INFINITY;
      for (int c = 0; c < classes; c++) {
        logits[c] = b[c];
        for (int j = 0; j < d; j++) {
          logits[c] += (double) w[c * d + j] * features[i * d + j];
        }
        max = Math.max(max, logits[c]);
      }
      double z = 0;
      for (int c = 0; c < classes; c++) {
        z += Math.exp(logits[c] - max);
      }
      for (int c = 0; c < classes; c++) {
        double coefficient = (Math.exp(logits[c] - max) / z - (c == labels[i] ? 1 : 0)) / n;
        for (int j = 0; j < d; j++) {
          g[i * d + j] += (float) (coefficient * w[c * d + j]);
        }
      }
    }
    return g;
  }

  static float[] gaussian(SplittableRandom random, int n, double std) {
    float[] values = new float[n];
    for (int i = 0; i < n; i++) {
      values[i] = (float) (random.nextGaussian() * std);
    }
    return values;
  }
}
