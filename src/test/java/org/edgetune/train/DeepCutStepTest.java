package org.edgetune.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.edgetune.config.ConfigLoader;
import org.edgetune.model.FloatTensor;
import org.edgetune.model.LabeledTokens;
import org.edgetune.model.ModelSettings;
import org.edgetune.model.ParameterState;
import org.edgetune.model.SplitLoraModel;
import org.edgetune.model.StepResult;
import org.edgetune.model.TaskModule;
import org.edgetune.model.TensorPayload;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A deep cut ({@code device-layers} = 2) computes what the whole encoder on one side computes: the
 * oracle is the same pre-trained model loaded with {@code device-layers} = 0, its uncut {@link
 * SplitLoraModel#step} (one graph from the embeddings to the loss), on the same adapters. Checked
 * on the model's split step and on one step of the trainers the actors drive (device layers' pass,
 * encoder worker, cut gradient back, SGD on both sides).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeepCutStepTest {

  private static final int CUT = 2;
  private static final long SEED = 11;
  private static final double LR = 0.05;

  private final ModelSettings wholeSettings =
      ModelSettings.fromConfig(ConfigLoader.load(null, List.of()));
  private final ModelSettings cutSettings =
      ModelSettings.fromConfig(
          ConfigLoader.load(null, List.of("edgetune.model.device-layers=" + CUT)));
  private final SplitLoraModel whole = SplitLoraModel.load(wholeSettings);
  private final SplitLoraModel cut = SplitLoraModel.load(cutSettings);
  private final LabeledTokens data = BatchedEncoderPassTest.emails(wholeSettings);

  @AfterAll
  void close() {
    whole.close();
    cut.close();
  }

  @Test
  void initialStatesPutTheFirstLayersAdaptersOnTheDevice() {
    ParameterState all = whole.initialLora(SEED);
    ParameterState serverLora = cut.initialLora(SEED);
    ParameterState deviceState = cut.initialHead(SEED);
    int perLayer = all.tensors().size() / whole.dims().layers();

    assertThat(serverLora.tensors().keySet())
        .allMatch(n -> !n.startsWith("encoder.layer.0.") && !n.startsWith("encoder.layer.1."))
        .hasSize(perLayer * (whole.dims().layers() - CUT));
    assertThat(deviceState.tensors().keySet())
        .startsWith(TaskModule.WEIGHT, TaskModule.BIAS)
        .hasSize(2 + perLayer * CUT);
    // Each adapter starts where it starts without a cut.
    all.tensors()
        .forEach(
            (name, t) -> {
              ParameterState side = cut.cut().onDevice(name) ? deviceState : serverLora;
              assertThat(side.get(name).values()).as(name).isEqualTo(t.values());
            });
    assertThat(TaskModule.classifier(deviceState)).isEqualTo(whole.initialHead(SEED));
  }

  @Test
  void splitStepGivesTheLossAndGradientsOfTheWholeEncoder() {
    ParameterState all = withRandomB(whole.initialLora(SEED));
    ParameterState head = whole.initialHead(SEED);
    ParameterState serverLora = cut.cut().serverAdapters(all);
    ParameterState deviceState = head.union(cut.cut().deviceAdapters(all));

    StepResult oracle = whole.step(data.tokens(), data.labels(), all, head, 3);
    StepResult split = cut.splitStep(data.tokens(), data.labels(), serverLora, deviceState, 3);

    assertThat(split.loss()).isCloseTo(oracle.loss(), offset(1e-6f));
    ParameterState oracleDevice =
        oracle.headGradient().union(cut.cut().deviceAdapters(oracle.loraGradient()));
    ParameterState oracleServer = cut.cut().serverAdapters(oracle.loraGradient());
    assertThat(split.headGradient().tensors().keySet())
        .containsExactlyElementsOf(oracleDevice.tensors().keySet());
    assertThat(split.loraGradient().tensors().keySet())
        .containsExactlyElementsOf(oracleServer.tensors().keySet());
    double deviceScale = maxAbs(cut.cut().deviceAdapters(oracle.loraGradient()));
    System.out.printf(
        "deep cut %d: loss %.6f vs %.6f; max |d device adapters| %.3g, diff %.3g; server diff %.3g%n",
        CUT,
        split.loss(),
        oracle.loss(),
        deviceScale,
        BatchedEncoderPassTest.maxAbsDiff(oracleDevice, split.headGradient()),
        BatchedEncoderPassTest.maxAbsDiff(oracleServer, split.loraGradient()));
    assertThat(deviceScale).isGreaterThan(1e-4);
    assertThat(BatchedEncoderPassTest.maxAbsDiff(oracleDevice, split.headGradient()))
        .isLessThanOrEqualTo(1e-5);
    assertThat(BatchedEncoderPassTest.maxAbsDiff(oracleServer, split.loraGradient()))
        .isLessThanOrEqualTo(1e-5);
  }

  @Test
  void oneTrainerStepUpdatesBothSidesAsSgdOnTheWholeEncoder() {
    ParameterState all = withRandomB(whole.initialLora(SEED));
    ParameterState head = whole.initialHead(SEED);
    ParameterState serverLora = cut.cut().serverAdapters(all);
    ParameterState deviceState = head.union(cut.cut().deviceAdapters(all));
    int[] shard = {0, 1, 2, 3, 4, 5};
    DeviceTrainer device = new DeviceTrainer(0, data.rows(shard), cut.deviceSide(), SEED, 4, LR);
    EncoderWorker worker = new EncoderWorker(cut.serverSide(), LR, SEED, Trainable.LORA_AND_HEAD);

    device.beginRound(deviceState);
    worker.begin(List.of(0), serverLora);
    TensorPayload features = worker.forward(0, 0, 0, device.embed(0, 0));
    Optional<TensorPayload> cutGradient =
        worker.backward(0, device.trainHead(features).featureGradient());
    assertThat(cutGradient).isPresent();
    device.cutGradientReceived(cutGradient.get());

    LabeledTokens batch = data.rows(DeviceTrainer.batchRows(SEED, 0, 0, 0, shard.length, 4));
    StepResult oracle = whole.step(batch.tokens(), batch.labels(), all, head, 0);
    ParameterState expectedDevice =
        ParameterMath.sgd(
            deviceState,
            oracle.headGradient().union(cut.cut().deviceAdapters(oracle.loraGradient())),
            LR);
    ParameterState expectedServer =
        ParameterMath.sgd(serverLora, cut.cut().serverAdapters(oracle.loraGradient()), LR);

    assertThat(BatchedEncoderPassTest.maxAbsDiff(deviceState, device.head())).isGreaterThan(1e-5);
    assertThat(
            BatchedEncoderPassTest.maxAbsDiff(
                cut.cut().deviceAdapters(deviceState), cut.cut().deviceAdapters(device.head())))
        .isGreaterThan(1e-6);
    assertThat(BatchedEncoderPassTest.maxAbsDiff(expectedDevice, device.head()))
        .isLessThanOrEqualTo(1e-6);
    assertThat(
            BatchedEncoderPassTest.maxAbsDiff(
                expectedServer, worker.workingCopies(List.of(0)).get(0)))
        .isLessThanOrEqualTo(1e-6);
  }

  @Test
  void theEmbeddingOnlyCutSendsNoCutGradient() {
    DeviceTrainer device =
        new DeviceTrainer(0, data.rows(new int[] {0, 1}), whole.deviceSide(), SEED, 2, LR);
    EncoderWorker worker = new EncoderWorker(whole.serverSide(), LR, SEED, Trainable.LORA_AND_HEAD);
    device.beginRound(whole.initialHead(SEED));
    worker.begin(List.of(0), whole.initialLora(SEED));
    TensorPayload features = worker.forward(0, 0, 0, device.embed(0, 0));
    assertThat(worker.backward(0, device.trainHead(features).featureGradient())).isEmpty();
  }

  /**
   * B ~ N(0, 0.05²): with B = 0 the gradient of every A would be zero and could not tell the paths
   * apart.
   */
  private static ParameterState withRandomB(ParameterState lora) {
    SplittableRandom random = new SplittableRandom(99);
    Map<String, FloatTensor> out = new LinkedHashMap<>();
    lora.tensors()
        .forEach(
            (name, t) -> {
              if (!name.endsWith(".lora_B")) {
                out.put(name, t);
                return;
              }
              float[] v = new float[t.size()];
              for (int i = 0; i < v.length; i++) {
                v[i] = (float) (random.nextGaussian() * 0.05);
              }
              out.put(name, new FloatTensor(t.shape(), v));
            });
    return new ParameterState(out);
  }

  private static double maxAbs(ParameterState state) {
    return BatchedEncoderPassTest.maxAbsDiff(state, state.zerosLike());
  }
}
