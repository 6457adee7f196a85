package org.edgetune.model;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.edgetune.util.KeyedRandom;
import org.edgetune.util.StreamPurpose;

/** Names, shapes and initial values of the LoRA adapters. */
public final class LoraAdapters {

  private LoraAdapters() {}

  public static String a(String module) {
    return module + ".lora_A";
  }

  public static String b(String module) {
    return module + ".lora_B";
  }

  /** Values of one layer's adapters: Σ over the targets of r·(in + out). */
  public static long parametersPerLayer(BertDims dims, LoraSettings lora) {
    long total = 0;
    for (LoraTarget target : lora.targets()) {
      total += (long) lora.rank() * (dims.inputs(target) + dims.outputs(target));
    }
    return total;
  }

  /**
   * A ~ N(0, 1/r) from the stream (seed, StreamPurpose.LORA_INIT), B = 0: the product BA is zero,
   * so an untrained adapter leaves the pre-trained model's output unchanged. Layers in order,
   * targets in {@link LoraTarget} order.
   */
  public static ParameterState initial(BertDims dims, LoraSettings lora, long seed) {
    SplittableRandom random = KeyedRandom.stream(seed, StreamPurpose.LORA_INIT, KeyedRandom.ANY, 0);
    double std = 1 / Math.sqrt(lora.rank());
    Map<String, FloatTensor> state = new LinkedHashMap<>();
    for (int layer = 0; layer < dims.layers(); layer++) {
      for (LoraTarget target : LoraTarget.values()) {
        if (!lora.targets().contains(target)) {
          continue;
        }
        String module = target.module(layer);
        float[] a = new float[lora.rank() * dims.inputs(target)];
        for (int i = 0; i < a.length; i++) {
          a[i] = (float) (random.nextGaussian() * std);
        }
        state.put(a(module), new FloatTensor(new long[] {lora.rank(), dims.inputs(target)}, a));
        state.put(b(module), FloatTensor.zeros(dims.outputs(target), lora.rank()));
      }
    }
    return new ParameterState(state);
  }
}
