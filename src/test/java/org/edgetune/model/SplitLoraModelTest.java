package org.edgetune.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** LoRA training on all-MiniLM-L6-v2 with the default settings (query and value adapters, CLS). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SplitLoraModelTest {

  private static final long SEED = 42;

  private SplitLoraModel model;
  private TokenBatch tokens;

  @BeforeAll
  void load() {
    ModelSettings settings = Fixtures.defaults();
    model = SplitLoraModel.load(settings);
    try (TextTokenizer tokenizer = TextTokenizer.load(settings)) {
      tokens = tokenizer.encode(Fixtures.SENTENCES);
    }
  }

  @AfterAll
  void close() {
    model.close();
  }

  @Test
  void untrainedAdapterLeavesOutputsUnchanged() {
    ParameterState lora = model.initialLora(SEED);
    assertThat(lora.tensors()).hasSize(2 * 2 * model.dims().layers());
    assertThat(GradientCheck.maxAbs(lora, ".lora_A")).isGreaterThan(0);
    assertThat(GradientCheck.maxAbs(lora, ".lora_B")).isZero();

    FloatTensor base = model.hiddenStates(tokens, SplitLoraModel.noAdapters());
    FloatTensor adapted = model.hiddenStates(tokens, lora);
    double diff = GradientCheck.maxAbsDifference(base.values(), adapted.values());
    System.out.printf("untrained adapter: max |LoRA - base| = %.3g%n", diff);
    assertThat(diff).isLessThanOrEqualTo(1e-6);
  }

  @Test
  void splitPipelineGivesTheGradientsOfTheUncutModel() {
    ParameterState lora = withRandomB(model.initialLora(SEED), 0.05);
    ParameterState head = model.initialHead(SEED);

    StepResult uncut = model.step(tokens, Fixtures.LABELS, lora, head, 7);
    StepResult split = model.splitStep(tokens, Fixtures.LABELS, lora, head, 7);

    double loraDiff = GradientCheck.maxAbsDifference(uncut.loraGradient(), split.loraGradient());
    double headDiff = GradientCheck.maxAbsDifference(uncut.headGradient(), split.headGradient());
    System.out.printf(
        "split vs uncut: loss %.6f vs %.6f, max |dLoRA| diff %.3g (max |dLoRA| %.3g),"
            + " max |dHead| diff %.3g (max |dHead| %.3g)%n",
        uncut.loss(),
        split.loss(),
        loraDiff,
        GradientCheck.maxAbs(uncut.loraGradient()),
        headDiff,
        GradientCheck.maxAbs(uncut.headGradient()));
    assertThat(GradientCheck.maxAbs(uncut.loraGradient(), ".lora_A")).isGreaterThan(1e-4);
    assertThat(GradientCheck.maxAbs(uncut.loraGradient(), ".lora_B")).isGreaterThan(1e-4);
    assertThat(loraDiff).isLessThanOrEqualTo(1e-5);
    assertThat(headDiff).isLessThanOrEqualTo(1e-5);
    assertThat(split.loss()).isCloseTo(uncut.loss(), org.assertj.core.data.Offset.offset(1e-6f));
  }

  @Test
  void trainingMovesAdaptersAndHeadButNotTheBase() {
    Map<String, FloatTensor> pretrained = OnnxWeights.read(model.settings().model());
    ParameterState lora = model.initialLora(SEED);
    ParameterState head = model.initialHead(SEED);
    AdamW optimizer = AdamW.of(5e-3, 0.01);
    AdamWState loraMoments = AdamWState.initial(lora);
    AdamWState headMoments = AdamWState.initial(head);
    List<Float> losses = new ArrayList<>();
    for (int step = 0; step < 4; step++) {
      StepResult r = model.splitStep(tokens, Fixtures.LABELS, lora, head, step);
      losses.add(r.loss());
      AdamW.Update l = optimizer.step(lora, r.loraGradient(), loraMoments);
      AdamW.Update h = optimizer.step(head, r.headGradient(), headMoments);
      lora = l.parameters();
      loraMoments = l.state();
      head = h.parameters();
      headMoments = h.state();
    }
    System.out.println("losses over 4 split steps: " + losses);

    pretrained.forEach(
        (name, values) ->
            assertThat(model.base().weight(name).toFloatArray())
                .as(name)
                .isEqualTo(values.values()));
    ParameterState initialLora = model.initialLora(SEED);
    for (String name : lora.tensors().keySet()) {
      assertThat(lora.get(name).values()).as(name).isNotEqualTo(initialLora.get(name).values());
    }
    assertThat(GradientCheck.maxAbsDifference(head, model.initialHead(SEED))).isGreaterThan(1e-3);
    assertThat(losses.get(3)).isLessThan(losses.get(0));
  }

  @Test
  void evaluationThroughTheCutMatchesTheUncutModel() {
    ParameterState lora = withRandomB(model.initialLora(SEED), 0.05);
    ParameterState head = model.initialHead(SEED);
    Prediction uncut = model.predict(tokens, lora, head);
    TensorPayload features = model.serverSide().features(model.deviceSide().embed(tokens), lora);
    Prediction split = model.deviceSide().predict(features, head);
    assertThat(GradientCheck.maxAbsDifference(uncut.logits(), split.logits()))
        .isLessThanOrEqualTo(1e-6);
    assertThat(split.predictedClasses()).isEqualTo(uncut.predictedClasses());
  }

  @Test
  void repeatedStepsLeaveNoArraysBehind() {
    ParameterState lora = model.initialLora(SEED);
    ParameterState head = model.initialHead(SEED);
    model.step(tokens, Fixtures.LABELS, lora, head, 0);
    int before = model.liveArrays();
    for (int i = 0; i < 3; i++) {
      model.step(tokens, Fixtures.LABELS, lora, head, i);
      model.splitStep(tokens, Fixtures.LABELS, lora, head, i);
      model.predict(tokens, lora, head);
    }
    try (EncoderPass abandoned =
        model.serverSide().forward(model.deviceSide().embed(tokens), lora, 0)) {
      assertThat(model.liveArrays()).isGreaterThan(before);
    }
    assertThat(model.liveArrays()).isEqualTo(before);
  }

  @Test
  void concurrentCallersShareOneModel() throws Exception {
    ParameterState lora = withRandomB(model.initialLora(SEED), 0.05);
    ParameterState head = model.initialHead(SEED);
    StepResult expected = model.splitStep(tokens, Fixtures.LABELS, lora, head, 3);
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      List<Future<StepResult>> results = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        results.add(pool.submit(() -> model.splitStep(tokens, Fixtures.LABELS, lora, head, 3)));
      }
      for (Future<StepResult> f : results) {
        StepResult r = f.get();
        assertThat(GradientCheck.maxAbsDifference(r.loraGradient(), expected.loraGradient()))
            .isZero();
        assertThat(GradientCheck.maxAbsDifference(r.headGradient(), expected.headGradient()))
            .isZero();
      }
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void anEncoderPassTakesOneGradientOfTheFeaturesShape() {
    ParameterState lora = model.initialLora(SEED);
    try (EncoderPass pass = model.serverSide().forward(model.deviceSide().embed(tokens), lora, 0)) {
      assertThat(pass.features().shape())
          .containsExactly(tokens.batchSize(), model.dims().hidden());
      assertThatThrownBy(() -> pass.backward(TensorPayload.of(new float[3], 3)))
          .isInstanceOf(IllegalArgumentException.class);
      pass.backward(
          TensorPayload.of(new float[pass.features().elementCount()], pass.features().shape()));
      assertThatThrownBy(() -> pass.backward(pass.features()))
          .isInstanceOf(IllegalStateException.class);
    }
  }

  /** Adapters as after some training: B ≠ 0, so gradients reach A as well. */
  /**
   * An encoder pass stays open while the device computes its head step, and in the actor system the
   * JVM collects garbage in between. Every tensor the recorded graph keeps must own its memory: a
   * scalar turned into a temporary tensor over a Java buffer gave gradients of 1e32 and NaN once a
   * GC ran between forward and backward.
   */
  @Test
  void gradientsSurviveCollectionsBetweenForwardAndBackward() throws InterruptedException {
    ParameterState lora = withRandomB(model.initialLora(42), 0.05);
    ParameterState head = model.initialHead(42);
    StepResult uncut = model.step(tokens, Fixtures.LABELS, lora, head, 0);

    EmbeddedBatch uplink = model.deviceSide().embed(tokens);
    try (EncoderPass first = model.serverSide().forward(uplink, lora, 0);
        EncoderPass second = model.serverSide().forward(uplink, lora, 0)) {
      for (int i = 0; i < 3; i++) {
        System.gc();
        Thread.sleep(50);
        // Allocate so that freed buffers get reused.
        List.of(new byte[8 << 20], new byte[8 << 20]).forEach(b -> b[0] = 1);
      }
      HeadStep headStep = model.deviceSide().trainHead(first.features(), Fixtures.LABELS, head);
      ParameterState fromFirst = first.backward(headStep.featureGradient());
      ParameterState fromSecond = second.backward(headStep.featureGradient());
      double diff =
          Math.max(
              GradientCheck.maxAbsDifference(uncut.loraGradient(), fromFirst),
              GradientCheck.maxAbsDifference(uncut.loraGradient(), fromSecond));
      System.out.printf("GC during open passes: max |split - uncut| LoRA gradient = %.3g%n", diff);
      assertThat(diff).isLessThanOrEqualTo(1e-5);
    }
  }

  static ParameterState withRandomB(ParameterState lora, double std) {
    SplittableRandom random = new SplittableRandom(11);
    Map<String, FloatTensor> out = new LinkedHashMap<>();
    lora.tensors()
        .forEach(
            (name, t) -> {
              if (name.endsWith(".lora_B")) {
                float[] v = new float[t.size()];
                for (int i = 0; i < v.length; i++) {
                  v[i] = (float) (random.nextGaussian() * std);
                }
                out.put(name, new FloatTensor(t.shape(), v));
              } else {
                out.put(name, t);
              }
            });
    return new ParameterState(out);
  }
}
