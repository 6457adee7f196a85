package org.edgetune.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.edgetune.config.ConfigException;
import org.edgetune.config.ConfigLoader;
import org.edgetune.model.AdamW;
import org.edgetune.model.EmbeddedBatch;
import org.edgetune.model.LabeledTokens;
import org.edgetune.model.ModelSettings;
import org.edgetune.model.ParameterState;
import org.edgetune.model.SplitLoraModel;
import org.edgetune.model.TensorPayload;
import org.edgetune.train.ServerTrainer.DeviceUpdate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code edgetune.train.trainable = head}: the server runs the same split steps but LoRA keeps its
 * initial value bit for bit, while the head learns; the same rounds with {@code lora-and-head} move
 * LoRA (so the check can fail).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HeadOnlyTrainingTest {

  private static final int[][] SHARDS = {{0, 1, 2}, {3, 4, 5}};

  // One instance for the class (PER_CLASS): the model is loaded once.
  private final ModelSettings settings =
      ModelSettings.fromConfig(ConfigLoader.load(null, List.of()));
  private final SplitLoraModel model = SplitLoraModel.load(settings);
  private final LabeledTokens data = BatchedEncoderPassTest.emails(settings);

  @AfterAll
  void close() {
    model.close();
  }

  @Test
  void perDeviceRoundsLeaveLoraAtItsInitialValueAndTrainTheHead() {
    ParameterState lora = model.initialLora(5);
    ParameterState head = model.initialHead(5);
    ServerTrainer headOnly = perDeviceRounds(Trainable.HEAD, lora, head);
    ServerTrainer both = perDeviceRounds(Trainable.LORA_AND_HEAD, lora, head);

    assertThat(headOnly.globalLora()).isEqualTo(lora);
    assertThat(BatchedEncoderPassTest.maxAbsDiff(head, headOnly.globalHead())).isGreaterThan(1e-3);
    assertThat(BatchedEncoderPassTest.maxAbsDiff(lora, both.globalLora())).isGreaterThan(1e-3);
  }

  @Test
  void batchedRoundLeavesLoraAtItsInitialValueAndTrainsTheHead() {
    ParameterState lora = model.initialLora(6);
    ParameterState head = model.initialHead(6);
    ServerTrainer server =
        new ServerTrainer(
            model.serverSide(), lora, head, AdamW.of(1e-3, 0.01), 0.05, 1, 6, Trainable.HEAD);
    List<DeviceTrainer> devices = devices();
    server.beginRound(List.of(0, 1));
    SortedMap<Integer, EmbeddedBatch> uploads = new TreeMap<>();
    devices.forEach(
        d -> {
          d.beginRound(head);
          uploads.put(d.device(), d.embed(0, 0));
        });
    var features = server.forwardBatch(0, uploads);
    List<DeviceUpdate> updates = new ArrayList<>();
    for (DeviceTrainer d : devices) {
      server.gradientReceived(d.device(), d.trainHead(features.get(d.device())).featureGradient());
      updates.add(new DeviceUpdate(d.device(), d.examples(), d.head()));
    }
    server.aggregate(updates);

    assertThat(server.globalLora()).isEqualTo(lora);
    assertThat(BatchedEncoderPassTest.maxAbsDiff(head, server.globalHead())).isGreaterThan(1e-4);
  }

  @Test
  void configNamesTheKeyAndTheAllowedValues() {
    assertThat(
            TrainSettings.fromConfig(
                    ConfigLoader.load(null, List.of("edgetune.train.trainable=head")))
                .trainable())
        .isEqualTo(Trainable.HEAD);
    assertThat(TrainSettings.fromConfig(ConfigLoader.load(null, List.of())).trainable())
        .isEqualTo(Trainable.LORA_AND_HEAD);
    assertThatThrownBy(
            () ->
                TrainSettings.fromConfig(
                    ConfigLoader.load(null, List.of("edgetune.train.trainable=lora"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("edgetune.train.trainable")
        .hasMessageContaining("lora-and-head, head");
  }

  /** Three rounds of τ = 2 split steps per device (the second step sees the first one's copy). */
  private ServerTrainer perDeviceRounds(
      Trainable trainable, ParameterState lora, ParameterState head) {
    ServerTrainer server =
        new ServerTrainer(
            model.serverSide(), lora, head, AdamW.of(1e-3, 0.01), 0.05, 2, 5, trainable);
    List<DeviceTrainer> devices = devices();
    for (long round = 0; round < 3; round++) {
      server.beginRound(List.of(0, 1));
      List<DeviceUpdate> updates = new ArrayList<>();
      for (DeviceTrainer d : devices) {
        d.beginRound(server.globalHead());
        for (int step = 0; step < 2; step++) {
          TensorPayload features = server.forward(d.device(), round, step, d.embed(round, step));
          server.backward(d.device(), d.trainHead(features).featureGradient());
        }
        updates.add(new DeviceUpdate(d.device(), d.examples(), d.head()));
      }
      server.aggregate(updates);
    }
    return server;
  }

  private List<DeviceTrainer> devices() {
    List<DeviceTrainer> devices = new ArrayList<>();
    for (int k = 0; k < SHARDS.length; k++) {
      devices.add(new DeviceTrainer(k, data.rows(SHARDS[k]), model.deviceSide(), 5, 2, 0.05));
    }
    return devices;
  }
}
