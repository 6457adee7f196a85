package org.edgetune.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Adapters on all six Linear layers, adapter dropout and mean pooling. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LoraVariantsTest {

  private SplitLoraModel model;
  private TokenBatch tokens;

  @BeforeAll
  void load() {
    ModelSettings settings =
        Fixtures.settings(
            """
        edgetune.model {
          pooling = mean
          lora { dropout = 0.1, rank = 4, alpha = 8
                 targets = [query, key, value, attention-output, intermediate, output] }
        }""");
    model = SplitLoraModel.load(settings);
    try (TextTokenizer tokenizer = TextTokenizer.load(settings)) {
      tokens = tokenizer.encode(Fixtures.SENTENCES.subList(0, 6));
    }
  }

  @AfterAll
  void close() {
    model.close();
  }

  @Test
  void everyTargetCarriesAnAdapterThatStartsAtZero() {
    ParameterState lora = model.initialLora(1);
    assertThat(lora.tensors()).hasSize(2 * 6 * model.dims().layers());
    assertThat(lora.get("encoder.layer.0.intermediate.dense.lora_B").shape())
        .containsExactly(1536, 4);
    assertThat(lora.get("encoder.layer.0.output.dense.lora_A").shape()).containsExactly(4, 1536);
    double diff =
        GradientCheck.maxAbsDifference(
            model.hiddenStates(tokens, SplitLoraModel.noAdapters()).values(),
            model.hiddenStates(tokens, lora).values());
    assertThat(diff).isLessThanOrEqualTo(1e-6);
  }

  @Test
  void splitMatchesUncutUnderTheSameDropoutMasks() {
    ParameterState lora = SplitLoraModelTest.withRandomB(model.initialLora(1), 0.05);
    ParameterState head = model.initialHead(1);
    StepResult uncut = model.step(tokens, new int[] {0, 1, 0, 0, 0, 1}, lora, head, 99);
    StepResult split = model.splitStep(tokens, new int[] {0, 1, 0, 0, 0, 1}, lora, head, 99);
    double loraDiff = GradientCheck.maxAbsDifference(uncut.loraGradient(), split.loraGradient());
    double headDiff = GradientCheck.maxAbsDifference(uncut.headGradient(), split.headGradient());
    System.out.printf(
        "all targets, dropout 0.1, mean pooling: max |dLoRA| diff %.3g, max |dHead| diff %.3g%n",
        loraDiff, headDiff);
    assertThat(loraDiff).isLessThanOrEqualTo(1e-5);
    assertThat(headDiff).isLessThanOrEqualTo(1e-5);

    StepResult otherMasks = model.step(tokens, new int[] {0, 1, 0, 0, 0, 1}, lora, head, 100);
    assertThat(GradientCheck.maxAbsDifference(uncut.loraGradient(), otherMasks.loraGradient()))
        .isGreaterThan(1e-5);
  }
}
