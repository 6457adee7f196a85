package org.edgetune.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.edgetune.util.KeyedRandom;
import org.edgetune.util.StreamPurpose;

/**
 * The task module: pooling of the encoder's hidden states (run where the hidden states are, on the
 * server, so only b × d features cross the downlink) and the trainable linear classifier with its
 * cross-entropy loss (on the device, where the labels are).
 */
public final class TaskModule {

  public static final String WEIGHT = "classifier.weight";
  public static final String BIAS = "classifier.bias";

  /** BERT's initializer range for new Linear layers. */
  private static final double INIT_STD = 0.02;

  private TaskModule() {}

  /** Weight ~ N(0, 0.02²) from the stream (seed, StreamPurpose.HEAD_INIT), bias 0. */
  public static ParameterState initial(int hidden, int classes, long seed) {
    SplittableRandom random = KeyedRandom.stream(seed, StreamPurpose.HEAD_INIT, KeyedRandom.ANY, 0);
    float[] w = new float[classes * hidden];
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) (random.nextGaussian() * INIT_STD);
    }
    Map<String, FloatTensor> head = new LinkedHashMap<>();
    head.put(WEIGHT, new FloatTensor(new long[] {classes, hidden}, w));
    head.put(BIAS, FloatTensor.zeros(classes));
    return new ParameterState(head);
  }

  /**
   * The classifier's parameters in a device's state (which also holds its layers' adapters at a
   * deep cut).
   */
  public static ParameterState classifier(ParameterState deviceState) {
    return deviceState.only(name -> name.equals(WEIGHT) || name.equals(BIAS));
  }

  /** [b, d] features from hidden states [b, L, d] and mask [b, L]. */
  static NDArray pool(NDArray hidden, NDArray mask, Pooling pooling) {
    return switch (pooling) {
      case CLS -> hidden.get(new NDIndex(":, 0, :"));
      case MEAN -> {
        NDArray m = mask.expandDims(2);
        yield hidden.mul(m).sum(new int[] {1}).div(m.sum(new int[] {1}));
      }
    };
  }

  /** [b, classes] logits. */
  static NDArray logits(NDArray features, ParameterArrays head) {
    return features
        .getNDArrayInternal()
        .linear(features, head.get(WEIGHT), head.get(BIAS))
        .singletonOrThrow();
  }

  /** Mean cross-entropy of {@code logits} [b, c] against class indices {@code labels}. */
  static NDArray loss(NDArray logits, int[] labels) {
    int classes = (int) logits.getShape().get(1);
    for (int label : labels) {
      if (label < 0 || label >= classes) {
        throw new IllegalArgumentException("label " + label + " outside 0.." + (classes - 1));
      }
    }
    NDArray oneHot = logits.getManager().create(labels).oneHot(classes);
    return logits.logSoftmax(1).mul(oneHot).sum(new int[] {1}).neg().mean();
  }
}
