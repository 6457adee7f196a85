package org.edgetune.assembly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.List;
import org.edgetune.config.ConfigLoader;
import org.edgetune.data.CorpusLoader;
import org.edgetune.data.TrainTestSplit;
import org.edgetune.model.SplitLoraModel;
import org.edgetune.model.TextTokenizer;
import org.edgetune.sim.SimulationSettings;
import org.edgetune.testing.TestCorpus;
import org.edgetune.train.DeviceTrainer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The composition root builds each role's share of a run from the settings alone: the server hosts
 * no device, every node builds the same device k, and the parts carry the configured values (away
 * from the defaults, so a value read from the wrong key shows).
 */
class RunAssemblyTest {

  private static SplitLoraModel model;
  private static TextTokenizer tokenizer;
  private static RunInputs in;

  @BeforeAll
  static void load() {
    Config config =
        ConfigLoader.load(
            null,
            TestCorpus.smallRun(
                "edgetune.wireless.devices=6",
                "edgetune.schedule.rounds=17",
                "edgetune.train.local-steps=3",
                "edgetune.federated.eval-every=4",
                "edgetune.federated.round-timeout-s=91",
                "edgetune.federated.step-timeout-s=13",
                "edgetune.federated.round-retries=2",
                "edgetune.federated.encoder-workers=2",
                "edgetune.federated.evaluation-overlap=false"));
    SimulationSettings settings = SimulationSettings.fromConfig(config);
    model = SplitLoraModel.load(settings.model());
    tokenizer = TextTokenizer.load(settings.model());
    TrainTestSplit split = CorpusLoader.load(settings.data(), settings.seed());
    in = new RunInputs(settings, config, model, tokenizer, split);
  }

  @AfterAll
  static void close() {
    tokenizer.close();
    model.close();
  }

  @Test
  void theServerHostsNoDeviceAndCarriesTheConfiguredPlan() {
    RunParts server = RunAssembly.server(in);

    assertThat(server.devices()).isEqualTo(HostedDevices.NONE);
    assertThat(server.seed()).isEqualTo(in.settings().seed());
    RoundPlan plan = server.plan();
    assertThat(plan.rounds()).isEqualTo(17);
    assertThat(plan.devices()).isEqualTo(6);
    assertThat(plan.localSteps()).isEqualTo(3);
    assertThat(plan.evalEvery()).isEqualTo(4);
    assertThat(plan.roundTimeout().toSeconds()).isEqualTo(91);
    assertThat(plan.roundRetries()).isEqualTo(2);
    assertThat(plan.evaluateBeside()).isFalse();
    assertThat(server.server().encoders())
        .isEqualTo(new EncoderTier(Duration.ofSeconds(13), false, 2));
    assertThat(server.scheduler().reportTimeout())
        .isEqualTo(in.settings().federated().reportTimeout());
    assertThat(server.faults().plan()).isEqualTo(in.settings().faults());
    assertThat(server.faults().log().take(0)).isEmpty();
  }

  @Test
  void everyNodeBuildsTheSameDevicesAndTheyCoverTheTrainingSplit() {
    HostedDevices first = RunAssembly.devices(in);
    HostedDevices again = RunAssembly.devices(in);

    assertThat(first.size()).isEqualTo(6);
    assertThat(first.profiles()).isEqualTo(again.profiles());
    assertThat(first.profiles()).extracting(p -> p.id()).containsExactly(0, 1, 2, 3, 4, 5);
    assertThat(first.trainers().stream().mapToInt(DeviceTrainer::examples).sum())
        .isEqualTo(in.split().train().size());
    assertThat(first.trainers())
        .extracting(DeviceTrainer::examples)
        .isEqualTo(again.trainers().stream().map(DeviceTrainer::examples).toList());
    assertThat(first.trainers()).doesNotContainAnyElementsOf(again.trainers());
  }

  @Test
  void oneJvmIsTheServersPartsWithEveryDevice() {
    RunParts one = RunAssembly.oneJvm(in);

    assertThat(one.devices().size()).isEqualTo(6);
    assertThat(one.devices().profiles()).isEqualTo(RunAssembly.devices(in).profiles());
    assertThat(one.plan()).isEqualTo(RunAssembly.server(in).plan());
  }

  @Test
  void devicesAndProfilesMustPair() {
    HostedDevices six = RunAssembly.devices(in);
    assertThatThrownBy(() -> new HostedDevices(six.trainers(), six.profiles().subList(0, 5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("6 device trainers but 5 device profiles");
    assertThat(new HostedDevices(List.of(), List.of())).isEqualTo(HostedDevices.NONE);
  }
}
