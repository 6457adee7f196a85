package org.edgetune.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.edgetune.config.ConfigLoader;
import org.edgetune.model.AdamW;
import org.edgetune.model.EmbeddedBatch;
import org.edgetune.model.FloatTensor;
import org.edgetune.model.LabeledTokens;
import org.edgetune.model.ModelSettings;
import org.edgetune.model.ParameterState;
import org.edgetune.model.SplitLoraModel;
import org.edgetune.model.TensorPayload;
import org.edgetune.model.TextTokenizer;
import org.edgetune.train.ServerTrainer.DeviceUpdate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * With τ = 1 the server may run all scheduled devices' encoder passes as one batch; the aggregated
 * LoRA and head must equal the per-device path's (one pass, one backward and one SGD copy per
 * device, then FedAvg), including a device that finished without being aggregated last.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BatchedEncoderPassTest {

  private static final String[] TEXTS = {
    "Subject: lunch\n\nare we still on for noon tomorrow",
        "Subject: WIN $$$ now\n\nclick here to claim your prize",
    "Subject: patch\n\nthe attached diff fixes the build on arm",
        "Subject: cheap meds\n\nno prescription needed, order today",
    "Subject: minutes\n\nnotes from the meeting are on the wiki",
        "Subject: hot singles\n\nmeet them tonight, free signup",
  };

  private SplitLoraModel model;
  private LabeledTokens data;

  @BeforeAll
  void load() {
    ModelSettings settings = ModelSettings.fromConfig(ConfigLoader.load(null, List.of()));
    model = SplitLoraModel.load(settings);
    data = emails(settings);
  }

  /** Six short emails, ham and spam alternating, tokenized for the model. */
  static LabeledTokens emails(ModelSettings settings) {
    try (TextTokenizer tokenizer = TextTokenizer.load(settings)) {
      return new LabeledTokens(tokenizer.encode(List.of(TEXTS)), new int[] {0, 1, 0, 1, 0, 1});
    }
  }

  @AfterAll
  void close() {
    model.close();
  }

  @Test
  void batchedRoundEqualsPerDeviceRound() {
    // Shards of 2, 3 and 1 emails: different weights, different batch sizes.
    int[][] shards = {{0, 1}, {2, 3, 4}, {5}};
    ParameterState lora = randomB(model.initialLora(3));
    ParameterState head = model.initialHead(3);

    // ε = 1 makes the server step g/(|g|+1), nearly linear: the default ε would turn rounding-level
    // differences of near-zero gradient elements into ±lr sign flips and hide what is compared.
    AdamW linearish = new AdamW(1.0, 0.9, 0.999, 1.0, 0.0);
    ServerTrainer perDevice =
        new ServerTrainer(
            model.serverSide(), lora, head, linearish, 0.05, 1, 3, Trainable.LORA_AND_HEAD);
    ServerTrainer batched =
        new ServerTrainer(
            model.serverSide(), lora, head, linearish, 0.05, 1, 3, Trainable.LORA_AND_HEAD);
    List<DeviceTrainer> devicesA = devices(shards);
    List<DeviceTrainer> devicesB = devices(shards);
    List<Integer> ids = List.of(0, 1, 2);

    perDevice.beginRound(ids);
    List<DeviceUpdate> updatesA = new ArrayList<>();
    for (DeviceTrainer d : devicesA) {
      d.beginRound(head);
      TensorPayload features = perDevice.forward(d.device(), 0, 0, d.embed(0, 0));
      perDevice.backward(d.device(), d.trainHead(features).featureGradient());
      updatesA.add(new DeviceUpdate(d.device(), d.examples(), d.head()));
    }
    perDevice.aggregate(updatesA);

    batched.beginRound(ids);
    SortedMap<Integer, EmbeddedBatch> uploads = new TreeMap<>();
    for (DeviceTrainer d : devicesB) {
      d.beginRound(head);
      uploads.put(d.device(), d.embed(0, 0));
    }
    Map<Integer, TensorPayload> features = batched.forwardBatch(0, uploads);
    List<DeviceUpdate> updatesB = new ArrayList<>();
    for (DeviceTrainer d : devicesB) {
      batched.gradientReceived(d.device(), d.trainHead(features.get(d.device())).featureGradient());
      updatesB.add(new DeviceUpdate(d.device(), d.examples(), d.head()));
    }
    batched.aggregate(List.of(updatesB.get(2), updatesB.get(0), updatesB.get(1)));

    double loraDiff = maxAbsDiff(perDevice.globalLora(), batched.globalLora());
    double headDiff = maxAbsDiff(perDevice.globalHead(), batched.globalHead());
    double moved = maxAbsDiff(lora, perDevice.globalLora());
    System.out.printf(
        "batched vs per-device: LoRA %.3g, head %.3g (LoRA moved %.3g)%n",
        loraDiff, headDiff, moved);
    assertThat(moved).isGreaterThan(1e-3);
    assertThat(loraDiff).isLessThanOrEqualTo(1e-5);
    assertThat(headDiff).isLessThanOrEqualTo(1e-5);
  }

  private List<DeviceTrainer> devices(int[][] shards) {
    List<DeviceTrainer> devices = new ArrayList<>();
    for (int k = 0; k < shards.length; k++) {
      devices.add(new DeviceTrainer(k, data.rows(shards[k]), model.deviceSide(), 3, 16, 0.05));
    }
    return devices;
  }

  /** B = 0 would make the adapters' A gradients vanish; give B values so every tensor trains. */
  private static ParameterState randomB(ParameterState lora) {
    java.util.SplittableRandom random = new java.util.SplittableRandom(11);
    Map<String, FloatTensor> out = new java.util.LinkedHashMap<>();
    lora.tensors()
        .forEach(
            (name, t) -> {
              float[] v = t.values().clone();
              if (name.endsWith("lora_B")) {
                for (int i = 0; i < v.length; i++) {
                  v[i] = (float) (random.nextGaussian() * 0.05);
                }
              }
              out.put(name, new FloatTensor(t.shape(), v));
            });
    return new ParameterState(out);
  }

  static double maxAbsDiff(ParameterState a, ParameterState b) {
    double max = 0;
    for (var entry : a.tensors().entrySet()) {
      float[] x = entry.getValue().values();
      float[] y = b.get(entry.getKey()).values();
      for (int i = 0; i < x.length; i++) {
        max = Math.max(max, Math.abs(x[i] - y[i]));
      }
    }
    return max;
  }
}
