package org.edgetune.train;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Federated averaging of named parameter tensors, weighted by shard size. Contributions are summed
 * in the order given (callers pass them in device-id order), in double precision, so the result does
 * not depend on message arrival order.
 */
public final class FedAvg {

  /** One participant's parameters and the weight (its number of training examples). */
  public record Contribution(int device, double weight, Map<String, float[]> tensors) {}

  private FedAvg() {}

  public static Map<String, float[]> average(List<Contribution> contributions) {
    if (contributions.isEmpty()) {
      throw new IllegalArgumentException("nothing to average: no contributions");
    }
    double totalWeight = 0;
    for (Contribution c : contributions) {
      if (!(c.weight() > 0)) {
        throw new IllegalArgumentException("device " + c.device() + " has non-positive weight " + c.weight());
      }
      totalWeight += c.weight();
    }
    Map<String, float[]> first = contributions.get(0).tensors();
    Map<String, float[]> result = new LinkedHashMap<>();
    for (var entry : first.entrySet()) {
      String name = entry.getKey();
      int length = entry.getValue().length;
      double[] sum = new double[length];
      for (Contribution c : contributions) {
        float[] values = c.tensors().get(name);
        if (values == null || values.length != length) {
          throw new IllegalArgumentException(
              "device " + c.device() + " sent tensor '" + name + "' with a different shape or not at all");
        }
        double share = c.weight() / totalWeight;
        for (int i = 0; i < length; i++) {
          sum[i] += share * values[i];
        }
      }
      float[] averaged = new float[length];
      for (int i = 0; i < length; i++) {
        averaged[i] = (float) sum[i];
      }
      result.put(name, averaged);
    }
    return result;
  }
}
