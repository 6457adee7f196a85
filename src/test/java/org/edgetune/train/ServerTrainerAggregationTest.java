package org.edgetune.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.edgetune.config.ConfigLoader;
import org.edgetune.model.AdamW;
import org.edgetune.model.FloatTensor;
import org.edgetune.model.ModelSettings;
import org.edgetune.model.ParameterState;
import org.edgetune.model.SplitLoraModel;
import org.edgetune.model.TaskModule;
import org.edgetune.train.ServerTrainer.DeviceUpdate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Aggregation against a hand computation: FedAvg of the heads by shard size, the pseudo-gradient
 * (global − average)/(lr·τ), then AdamW's first step, whose bias-corrected moments are g and g², so
 * each value moves by −lr·(g/(|g|+ε) + wd·p).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServerTrainerAggregationTest {

  private static final double SERVER_LR = 1e-3;
  private static final double WEIGHT_DECAY = 0.01;
  private static final double LOCAL_LR = 0.05;

  private SplitLoraModel model;

  @BeforeAll
  void load() {
    model = SplitLoraModel.load(ModelSettings.fromConfig(ConfigLoader.load(null, List.of())));
  }

  @AfterAll
  void close() {
    model.close();
  }

  @Test
  void headIsTheShardWeightedAverageStepAndUntouchedLoraOnlyDecays() {
    ParameterState lora = model.initialLora(1);
    ParameterState head = model.initialHead(1);
    ServerTrainer server =
        new ServerTrainer(
            model.serverSide(),
            lora,
            head,
            AdamW.of(SERVER_LR, WEIGHT_DECAY),
            LOCAL_LR,
            1,
            1,
            Trainable.LORA_AND_HEAD);
    ParameterState headA = shifted(head, 0.02f);
    ParameterState headB = shifted(head, -0.01f);

    server.beginRound(List.of(3, 8));
    // Arrival order 8 then 3: the result must not depend on it.
    server.aggregate(List.of(new DeviceUpdate(8, 300, headB), new DeviceUpdate(3, 100, headA)));

    float[] h0 = head.get(TaskModule.WEIGHT).values();
    float[] a = headA.get(TaskModule.WEIGHT).values();
    float[] b = headB.get(TaskModule.WEIGHT).values();
    float[] h1 = server.globalHead().get(TaskModule.WEIGHT).values();
    for (int i = 0; i < h0.length; i++) {
      double average = (100.0 * a[i] + 300.0 * b[i]) / 400.0;
      double g = (h0[i] - average) / LOCAL_LR;
      double expected = h0[i] - SERVER_LR * (g / (Math.abs(g) + 1e-8) + WEIGHT_DECAY * h0[i]);
      assertThat((double) h1[i]).isCloseTo(expected, within(1e-6));
    }
    // The devices moved the head by −0.0025 per value on average, so the server step lowers each
    // value by about lr (Adam's first step has unit size per value).
    assertThat((double) h1[0] - h0[0]).isCloseTo(-SERVER_LR, within(1e-4));

    String a0 = lora.tensors().keySet().iterator().next();
    float[] l0 = lora.get(a0).values();
    float[] l1 = server.globalLora().get(a0).values();
    for (int i = 0; i < l0.length; i++) {
      assertThat((double) l1[i]).isCloseTo(l0[i] * (1 - SERVER_LR * WEIGHT_DECAY), within(1e-7));
    }
  }

  @Test
  void noUpdateLeavesTheGlobalStateAsItWas() {
    ParameterState lora = model.initialLora(2);
    ParameterState head = model.initialHead(2);
    ServerTrainer server =
        new ServerTrainer(
            model.serverSide(),
            lora,
            head,
            AdamW.of(SERVER_LR, WEIGHT_DECAY),
            LOCAL_LR,
            1,
            2,
            Trainable.LORA_AND_HEAD);
    server.beginRound(List.of(0));
    server.aggregate(List.of());
    assertThat(server.globalHead()).isEqualTo(head);
    assertThat(server.globalLora()).isEqualTo(lora);
  }

  private static ParameterState shifted(ParameterState state, float delta) {
    Map<String, FloatTensor> out = new LinkedHashMap<>();
    state
        .tensors()
        .forEach(
            (name, t) -> {
              float[] v = t.values().clone();
              for (int i = 0; i < v.length; i++) {
                v[i] += delta;
              }
              out.put(name, new FloatTensor(t.shape(), v));
            });
    return new ParameterState(out);
  }
}
