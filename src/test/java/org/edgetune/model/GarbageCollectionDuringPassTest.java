package org.edgetune.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * An encoder pass stays open while the device computes its head step, and in the actor system the
 * JVM collects garbage in between. Every tensor the recorded graph keeps must own its memory: a
 * scalar turned into a temporary tensor over a Java buffer gave gradients of 1e32 and NaN here
 * once a GC ran between forward and backward.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GarbageCollectionDuringPassTest {

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
  void gradientsSurviveCollectionsBetweenForwardAndBackward() throws InterruptedException {
    ParameterState lora = SplitLoraModelTest.withRandomB(model.initialLora(42), 0.05);
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
      double diff = Math.max(
          GradientCheck.maxAbsDifference(uncut.loraGradient(), fromFirst),
          GradientCheck.maxAbsDifference(uncut.loraGradient(), fromSecond));
      System.out.printf("GC during open passes: max |split - uncut| LoRA gradient = %.3g%n", diff);
      assertThat(diff).isLessThanOrEqualTo(1e-5);
    }
  }
}
