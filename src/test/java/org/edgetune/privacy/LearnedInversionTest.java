package org.edgetune.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.edgetune.model.FloatTensor;
import org.edgetune.model.TokenBatch;
import org.junit.jupiter.api.Test;

/**
 * The learned inversion end to end on a synthetic embedding module (40 tokens, d = 16, 8
 * positions), where the truth is known: activations that are an invertible affine map of the
 * embeddings give every token back; activations independent of the tokens give no more than the
 * best constant guess per position.
 */
class LearnedInversionTest {

  private static final int V = 40;
  private static final int D = 16;
  private static final int L = 8;
  private static final int B = 8;

  private final SplittableRandom random = new SplittableRandom(11);
  private final VocabularyInversion vocabulary = syntheticVocabulary(random);
  private final List<TokenBatch> fit = batches(30);
  private final List<TokenBatch> heldOut = batches(10);
  private final List<TokenBatch> attacked = batches(10);

  @Test
  void activationsThatAreAnInvertibleLinearMapOfTheEmbeddingsGiveEveryTokenBack() {
    // A dominant shifted diagonal: the coordinates are permuted, so raw rows are far from their
    // embeddings and only a learned map finds the tokens.
    double[][] a = new double[D][D];
    double[] bias = new double[D];
    for (int i = 0; i < D; i++) {
      bias[i] = random.nextGaussian();
      for (int j = 0; j < D; j++) {
        a[i][j] = random.nextGaussian() + (j == (i + 5) % D ? 4 : 0);
      }
    }
    LearnedInversion.Activations mixed =
        tokens -> {
          float[] e = embeddings(tokens);
          float[] h = new float[e.length];
          for (int cell = 0; cell < e.length / D; cell++) {
            for (int i = 0; i < D; i++) {
              double sum = bias[i];
              for (int j = 0; j < D; j++) {
                sum += a[i][j] * e[cell * D + j];
              }
              h[cell * D + i] = (float) sum;
            }
          }
          return h;
        };
    LearnedInversion.Pair attacks = LearnedInversion.train(fit, heldOut, mixed, vocabulary);
    for (LearnedInversion attack : List.of(attacks.inverse(), attacks.forward())) {
      assertThat(recovery(attack, mixed)).as(attack.direction().name()).isEqualTo(1.0);
      assertThat(attack.training().heldOutUnexplained()).isLessThan(1e-4);
      assertThat(attack.training().rows()).isEqualTo(realTokens(fit) + realTokens(heldOut));
      assertThat(attack.training().relativePenalty())
          .isEqualTo(LearnedInversion.RELATIVE_PENALTIES[0]);
    }
    // Without the map the activations are nowhere near the embeddings: the map does the work.
    assertThat(recovery(vocabulary, mixed)).isLessThan(0.5);
  }

  @Test
  void activationsIndependentOfTheTokensGiveOnlyTheBestConstantGuess() {
    SplittableRandom noise = new SplittableRandom(5);
    LearnedInversion.Activations independent =
        tokens -> {
          float[] h = new float[tokens.batchSize() * tokens.length() * D];
          for (int i = 0; i < h.length; i++) {
            h[i] = (float) noise.nextGaussian();
          }
          return h;
        };
    LearnedInversion.Pair attacks = LearnedInversion.train(fit, heldOut, independent, vocabulary);
    double chance = bestConstantGuess(attacked);
    assertThat(chance).isBetween(1.0 / V, 0.2);
    for (LearnedInversion attack : List.of(attacks.inverse(), attacks.forward())) {
      assertThat(recovery(attack, independent))
          .as(attack.direction().name())
          .isLessThanOrEqualTo(chance + 0.03);
      assertThat(attack.training().heldOutUnexplained()).isGreaterThan(0.9);
    }
  }

  /** Share of the attacked batches' real tokens the attack names, position by position. */
  private double recovery(TokenInversion attack, LearnedInversion.Activations activations) {
    long hits = 0;
    long all = 0;
    for (TokenBatch tokens : attacked) {
      float[] h = activations.of(tokens);
      for (int p = 0; p < L; p++) {
        List<Integer> cells = new ArrayList<>();
        for (int t = 0; t < B; t++) {
          if (tokens.attentionMask()[t * L + p] == 1) {
            cells.add(t * L + p);
          }
        }
        float[] rows = new float[cells.size() * D];
        for (int r = 0; r < cells.size(); r++) {
          System.arraycopy(h, cells.get(r) * D, rows, r * D, D);
        }
        int[] ids = attack.invert(p, rows, cells.size());
        for (int r = 0; r < cells.size(); r++) {
          hits += ids[r] == tokens.ids()[cells.get(r)] ? 1 : 0;
        }
        all += cells.size();
      }
    }
    return (double) hits / all;
  }

  /** What naming the most frequent token of each position recovers. */
  private static double bestConstantGuess(List<TokenBatch> batches) {
    long best = 0;
    long all = 0;
    for (int p = 0; p < L; p++) {
      int[] counts = new int[V];
      for (TokenBatch tokens : batches) {
        for (int t = 0; t < B; t++) {
          if (tokens.attentionMask()[t * L + p] == 1) {
            counts[(int) tokens.ids()[t * L + p]]++;
            all++;
          }
        }
      }
      best += Arrays.stream(counts).max().orElse(0);
    }
    return (double) best / all;
  }

  private float[] embeddings(TokenBatch tokens) {
    float[] e = new float[tokens.batchSize() * tokens.length() * D];
    for (int cell = 0; cell < tokens.batchSize() * tokens.length(); cell++) {
      vocabulary.embedding((int) tokens.ids()[cell], cell % tokens.length(), e, cell * D);
    }
    return e;
  }

  /** Random texts of 3 to 8 tokens, padded with id 0 to L. */
  private List<TokenBatch> batches(int count) {
    List<TokenBatch> batches = new ArrayList<>();
    for (int k = 0; k < count; k++) {
      long[] ids = new long[B * L];
      long[] mask = new long[B * L];
      for (int t = 0; t < B; t++) {
        int length = 3 + random.nextInt(L - 2);
        for (int p = 0; p < length; p++) {
          ids[t * L + p] = random.nextInt(V);
          mask[t * L + p] = 1;
        }
      }
      batches.add(new TokenBatch(B, L, ids, mask, new long[B * L]));
    }
    return batches;
  }

  private static long realTokens(List<TokenBatch> batches) {
    return batches.stream().flatMapToLong(b -> Arrays.stream(b.attentionMask())).sum();
  }

  private static VocabularyInversion syntheticVocabulary(SplittableRandom random) {
    return new VocabularyInversion(
        Map.of(
            "embeddings.word_embeddings.weight", tensor(random, 0, 1, V, D),
            "embeddings.position_embeddings.weight", tensor(random, 0, 0.3, L, D),
            "embeddings.token_type_embeddings.weight", tensor(random, 0, 0.1, 2, D),
            "embeddings.LayerNorm.weight", tensor(random, 1, 0.1, D),
            "embeddings.LayerNorm.bias", tensor(random, 0, 0.1, D)));
  }

  private static FloatTensor tensor(
      SplittableRandom random, double mean, double std, long... shape) {
    float[] values = new float[(int) Arrays.stream(shape).reduce(1, (x, y) -> x * y)];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) (mean + std * random.nextGaussian());
    }
    return new FloatTensor(shape, values);
  }
}
