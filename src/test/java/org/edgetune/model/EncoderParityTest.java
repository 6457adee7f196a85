package org.edgetune.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The DJL encoder against ONNX Runtime running the original ONNX file (the independent oracle). */
class EncoderParityTest {

  @ParameterizedTest
  @EnumSource(PretrainedModel.class)
  void lastHiddenStateMatchesOnnxRuntime(PretrainedModel pretrained) throws Exception {
    byte[] onnx;
    try (InputStream in = pretrained.openOnnx()) {
      onnx = in.readAllBytes();
    }
    assertThat(maxAbsDifference(Fixtures.defaults().withModel(pretrained), onnx))
        .isLessThanOrEqualTo(1e-4);
  }

  /**
   * Largest |DJL − ONNX Runtime| over the last hidden states of {@link Fixtures#SENTENCES}, the
   * model loaded from {@code settings} and the oracle running {@code onnx} as it is.
   */
  static double maxAbsDifference(ModelSettings settings, byte[] onnx) throws Exception {
    TokenBatch tokens;
    try (TextTokenizer tokenizer = TextTokenizer.load(settings)) {
      tokens = tokenizer.encode(Fixtures.SENTENCES);
    }
    assertThat(tokens.batchSize()).isGreaterThanOrEqualTo(8);

    FloatTensor ours;
    int hidden;
    try (SplitLoraModel model = SplitLoraModel.load(settings)) {
      ours = model.hiddenStates(tokens, SplitLoraModel.noAdapters());
      hidden = model.dims().hidden();
    }
    float[] oracle = onnxRuntime(onnx, tokens);

    assertThat(ours.shape()).containsExactly(tokens.batchSize(), tokens.length(), hidden);
    assertThat(oracle).hasSize(ours.values().length);
    double maxAbs = 0;
    double maxAbsReal = 0;
    for (int i = 0; i < oracle.length; i++) {
      double diff = Math.abs(oracle[i] - ours.values()[i]);
      maxAbs = Math.max(maxAbs, diff);
      if (tokens.attentionMask()[i / hidden] == 1) {
        maxAbsReal = Math.max(maxAbsReal, diff);
      }
    }
    System.out.printf(
        "%s: max |DJL - ONNX Runtime| over %d hidden values = %.3g (at real tokens: %.3g)%n",
        settings.model().configName(), oracle.length, maxAbs, maxAbsReal);
    return maxAbs;
  }

  private static float[] onnxRuntime(byte[] onnx, TokenBatch tokens) throws Exception {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    long[] shape = {tokens.batchSize(), tokens.length()};
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        OrtSession session = env.createSession(onnx, options);
        OnnxTensor ids = OnnxTensor.createTensor(env, LongBuffer.wrap(tokens.ids()), shape);
        OnnxTensor mask =
            OnnxTensor.createTensor(env, LongBuffer.wrap(tokens.attentionMask()), shape);
        OnnxTensor types = OnnxTensor.createTensor(env, LongBuffer.wrap(tokens.typeIds()), shape);
        OrtSession.Result result =
            session.run(
                Map.of("input_ids", ids, "attention_mask", mask, "token_type_ids", types))) {
      FloatBuffer hidden =
          ((OnnxTensor) result.get("last_hidden_state").orElseThrow()).getFloatBuffer();
      float[] values = new float[hidden.remaining()];
      hidden.get(values);
      return values;
    }
  }
}
