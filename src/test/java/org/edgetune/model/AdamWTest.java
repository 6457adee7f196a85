package org.edgetune.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AdamWTest {

  private static ParameterState state(float... values) {
    return new ParameterState(Map.of("p", new FloatTensor(new long[] {values.length}, values)));
  }

  @Test
  void firstStepMovesEachValueByTheLearningRateAgainstTheGradientSign() {
    // After one step m̂ = g and v̂ = g², so the Adam part is lr · g / (|g| + ε) ≈ lr · sign(g).
    AdamW adam = new AdamW(0.1, 0.9, 0.999, 1e-8, 0);
    ParameterState p = state(1f, -2f, 3f);
    AdamW.Update u = adam.step(p, state(0.5f, -4f, 0f), AdamWState.initial(p));
    assertThat(u.parameters().get("p").values()[0]).isCloseTo(0.9f, offset(1e-6f));
    assertThat(u.parameters().get("p").values()[1]).isCloseTo(-1.9f, offset(1e-6f));
    assertThat(u.parameters().get("p").values()[2]).isEqualTo(3f);
    assertThat(u.state().steps()).isEqualTo(1);
    assertThat(u.state().firstMoment().get("p").values()[1]).isCloseTo(-0.4f, offset(1e-7f));
  }

  @Test
  void weightDecayIsDecoupled() {
    AdamW adamW = new AdamW(0.1, 0.9, 0.999, 1e-8, 0.5);
    ParameterState p = state(2f);
    // zero gradient: only the decay acts, p − lr · wd · p = 2 − 0.1 · 0.5 · 2
    assertThat(adamW.step(p, state(0f), AdamWState.initial(p)).parameters().get("p").values()[0])
        .isCloseTo(1.9f, offset(1e-6f));
  }

  @Test
  void secondStepUsesBiasCorrectedMoments() {
    AdamW adam = new AdamW(0.01, 0.9, 0.999, 1e-12, 0);
    ParameterState p = state(0f);
    AdamW.Update first = adam.step(p, state(1f), AdamWState.initial(p));
    AdamW.Update second = adam.step(first.parameters(), state(3f), first.state());
    double m = (0.9 * 0.1 + 0.1 * 3) / (1 - 0.81);
    double v = (0.999 * 0.001 + 0.001 * 9) / (1 - 0.998001);
    assertThat(second.parameters().get("p").values()[0])
        .isCloseTo((float) (-0.01 - 0.01 * m / Math.sqrt(v)), offset(1e-7f));
  }

  @Test
  void weightedAverageIsFedAvg() {
    ParameterState avg =
        ParameterState.weightedAverage(
            List.of(state(1f, 10f), state(4f, 20f)), new double[] {2, 1});
    assertThat(avg.get("p").values()).containsExactly(2f, 40f / 3f);
  }
}
