package org.edgetune.data;

import java.util.ArrayList;
import java.util.List;
import org.edgetune.util.KeyedRandom;
import org.edgetune.util.KeyedSampling;
import org.edgetune.util.StreamPurpose;

/**
 * Label skew (Hsu, Qi and Brown 2019): for each class, the devices' shares of that class's emails
 * are drawn from Dirichlet(alpha, …, alpha), and a seeded shuffle of the class is cut at the
 * cumulative shares. Small alpha gives devices dominated by one class; large alpha approaches iid.
 * Device k's Gamma draw for a class comes from its own stream keyed by k.
 *
 * <p>A device left empty by the draw (likely for small alpha and many devices) takes one email from
 * the device holding the most, lowest index first, so every device trains; the skew is otherwise
 * left as drawn.
 */
public final class DirichletPartitioner implements Partitioner {

  private final double alpha;
  private final List<String> classes;

  /**
   * @param classes the class names in label order; each names its class's keyed random streams
   */
  public DirichletPartitioner(double alpha, List<String> classes) {
    if (!(alpha > 0.0) || Double.isInfinite(alpha)) {
      throw new IllegalArgumentException(
          "dirichlet alpha must be positive and finite, not " + alpha);
    }
    this.alpha = alpha;
    this.classes = List.copyOf(classes);
  }

  public double alpha() {
    return alpha;
  }

  @Override
  public List<Shard> partition(List<Example> train, int devices, long seed) {
    Shards.requireOneEach(train.size(), devices);
    List<List<Integer>> perDevice = new ArrayList<>(devices);
    for (int k = 0; k < devices; k++) {
      perDevice.add(new ArrayList<>());
    }
    for (int c = 0; c < classes.size(); c++) {
      String label = classes.get(c);
      List<Integer> members = new ArrayList<>();
      for (int i = 0; i < train.size(); i++) {
        if (train.get(i).label() == c) {
          members.add(i);
        }
      }
      members =
          KeyedSampling.shuffled(
              members,
              KeyedRandom.stream(
                  seed,
                  StreamPurpose.PARTITION_DIRICHLET_ORDER,
                  label,
                  KeyedRandom.ANY,
                  KeyedRandom.ANY));
      double[] shares = shares(devices, seed, label);
      int from = 0;
      double cumulative = 0.0;
      for (int k = 0; k < devices; k++) {
        cumulative += shares[k];
        int to =
            k == devices - 1
                ? members.size()
                : Math.max(from, (int) Math.round(cumulative * members.size()));
        perDevice.get(k).addAll(members.subList(from, to));
        from = to;
      }
    }
    fillEmptyDevices(perDevice);
    List<Shard> shards = new ArrayList<>(devices);
    for (int k = 0; k < devices; k++) {
      shards.add(Shards.sorted(k, perDevice.get(k)));
    }
    return shards;
  }

  /**
   * One Dirichlet(alpha) draw over the devices, normalised from log-Gammas so tiny alpha stays
   * finite.
   */
  private double[] shares(int devices, long seed, String label) {
    double[] logGamma = new double[devices];
    double max = Double.NEGATIVE_INFINITY;
    for (int k = 0; k < devices; k++) {
      logGamma[k] =
          GammaSampler.logSample(
              KeyedRandom.stream(
                  seed, StreamPurpose.PARTITION_DIRICHLET_SHARE, label, k, KeyedRandom.ANY),
              alpha);
      max = Math.max(max, logGamma[k]);
    }
    double[] shares = new double[devices];
    double sum = 0.0;
    for (int k = 0; k < devices; k++) {
      shares[k] = Math.exp(logGamma[k] - max);
      sum += shares[k];
    }
    for (int k = 0; k < devices; k++) {
      shares[k] /= sum;
    }
    return shares;
  }

  private static void fillEmptyDevices(List<List<Integer>> perDevice) {
    for (List<Integer> empty : perDevice) {
      if (empty.isEmpty()) {
        List<Integer> donor = perDevice.get(0);
        for (List<Integer> candidate : perDevice) {
          if (candidate.size() > donor.size()) {
            donor = candidate;
          }
        }
        empty.add(donor.remove(donor.size() - 1));
      }
    }
  }
}
