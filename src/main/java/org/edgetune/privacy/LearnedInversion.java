package org.edgetune.privacy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.edgetune.model.TokenBatch;

/**
 * The server's token-recovery attacks on a deep cut, learned on public text the server runs through
 * the device layers itself, each ending in a nearest-neighbour match over the vocabulary at the
 * row's position p:
 *
 * <ul>
 *   <li>{@link Direction#INVERSE} (the learned linear inversion): a ridge map from a received
 *       layer-n activation row to the embedding of its token, LayerNorm(word + position[p] +
 *       type[0]), matched against {@link VocabularyInversion}'s candidates;
 *   <li>{@link Direction#FORWARD} (the learned forward model): a ridge map from a token's embedding
 *       to its activation row; every candidate is mapped and the received row matched among them,
 *       so the residual the map cannot explain (the context) is compared where it arises, in the
 *       activations, instead of being shrunk towards the mean embedding.
 * </ul>
 *
 * <p>The server can compute those activations because it holds the public pre-trained weights and,
 * as the one that aggregates them, the device layers' adapters. One map serves every position (the
 * position enters through the candidates). The penalty is chosen on a held-out part of the public
 * text from {@link #RELATIVE_PENALTIES} by squared error, then the map is refitted on all of it.
 */
public final class LearnedInversion implements TokenInversion {

  /** The penalty grid, as multiples of the mean diagonal of X̃ᵀX̃ (scale-free). */
  static final double[] RELATIVE_PENALTIES = {1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1};

  /** Which way the map goes. */
  public enum Direction {
    /** Activations → embeddings, then nearest candidate embedding. */
    INVERSE,
    /** Embeddings → activations, then nearest mapped candidate. */
    FORWARD
  }

  /** Both attacks, fitted in one pass over the public text. */
  public record Pair(LearnedInversion inverse, LearnedInversion forward) {}

  /** What the server computes for its own tokens: the uplink's activations [b, L, d]. */
  @FunctionalInterface
  public interface Activations {
    float[] of(TokenBatch tokens);
  }

  /**
   * How the map was fitted.
   *
   * @param fitTexts public texts the penalty was fitted on
   * @param heldOutTexts public texts it was chosen on
   * @param rows non-padding rows of all public texts (the final fit's)
   * @param relativePenalty the chosen α (λ = α · mean diagonal of X̃ᵀX̃)
   * @param heldOutUnexplained held-out squared error over the targets' total variance at α (0 is a
   *     perfect map, 1 no better than the mean embedding)
   * @param grid held-out unexplained share for every α of the grid
   */
  public record Training(
      int fitTexts,
      int heldOutTexts,
      long rows,
      double relativePenalty,
      double heldOutUnexplained,
      Map<Double, Double> grid) {

    public Map<String, Object> toMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("public_texts", fitTexts + heldOutTexts);
      m.put("held_out_texts", heldOutTexts);
      m.put("public_rows", rows);
      m.put("relative_penalty", relativePenalty);
      m.put("held_out_unexplained_variance", heldOutUnexplained);
      Map<String, Double> g = new LinkedHashMap<>();
      grid.forEach((alpha, share) -> g.put(Double.toString(alpha), share));
      m.put("penalty_grid_unexplained_variance", g);
      return m;
    }
  }

  private final Direction direction;
  private final RidgeRegression.LinearMap map;
  private final VocabularyInversion vocabulary;
  private final Training training;

  private LearnedInversion(
      Direction direction,
      RidgeRegression.LinearMap map,
      VocabularyInversion vocabulary,
      Training training) {
    this.direction = direction;
    this.map = map;
    this.vocabulary = vocabulary;
    this.training = training;
  }

  /**
   * Fits both attacks on the server's own texts in one pass: {@code fit} and {@code heldOut} are
   * token batches of public text, {@code activations} what the device layers make of them.
   */
  public static Pair train(
      List<TokenBatch> fit,
      List<TokenBatch> heldOut,
      Activations activations,
      VocabularyInversion vocabulary) {
    if (fit.isEmpty() || heldOut.isEmpty()) {
      throw new IllegalArgumentException("the learned inversion needs fit and held-out texts");
    }
    RidgeRegression.Gram[] fitGrams = grams(fit, activations, vocabulary);
    RidgeRegression.Gram[] heldOutGrams = grams(heldOut, activations, vocabulary);
    if (heldOutGrams[0].inputs() != fitGrams[0].inputs()) {
      throw new IllegalArgumentException("activation widths differ between batches");
    }
    return new Pair(
        fitted(Direction.INVERSE, fitGrams[0], heldOutGrams[0], fit, heldOut, vocabulary),
        fitted(Direction.FORWARD, fitGrams[1], heldOutGrams[1], fit, heldOut, vocabulary));
  }

  private static LearnedInversion fitted(
      Direction direction,
      RidgeRegression.Gram fitGram,
      RidgeRegression.Gram heldOutGram,
      List<TokenBatch> fit,
      List<TokenBatch> heldOut,
      VocabularyInversion vocabulary) {
    double total = heldOutGram.targetVariance();
    Map<Double, Double> grid = new LinkedHashMap<>();
    double best = Double.NaN;
    for (double alpha : RELATIVE_PENALTIES) {
      double lambda = alpha * fitGram.meanSquare() * fitGram.rows();
      double share =
          heldOutGram.squaredError(RidgeRegression.fit(fitGram, lambda)) / Math.max(total, 1e-300);
      grid.put(alpha, share);
      if (Double.isNaN(best) || share < grid.get(best)) {
        best = alpha;
      }
    }
    RidgeRegression.Gram all = fitGram.plus(heldOutGram);
    RidgeRegression.LinearMap map = RidgeRegression.fit(all, best * all.meanSquare() * all.rows());
    Training training =
        new Training(
            texts(fit),
            texts(heldOut),
            all.rows(),
            best,
            grid.get(best),
            Collections.unmodifiableMap(grid));
    return new LearnedInversion(direction, map, vocabulary, training);
  }

  public Direction direction() {
    return direction;
  }

  public Training training() {
    return training;
  }

  @Override
  public int[] invert(int p, float[] rows, int n) {
    if (n == 0) {
      return new int[0];
    }
    return direction == Direction.INVERSE
        ? vocabulary.invert(p, map.apply(rows, n), n)
        : vocabulary.invertMapped(p, rows, n, map);
  }

  /** The (activations → embeddings, embeddings → activations) statistics of the batches. */
  private static RidgeRegression.Gram[] grams(
      List<TokenBatch> batches, Activations activations, VocabularyInversion vocabulary) {
    int d = vocabulary.hidden();
    RidgeRegression.Gram inverse = null;
    RidgeRegression.Gram forward = null;
    for (TokenBatch tokens : batches) {
      float[] x = activations.of(tokens);
      int cells = tokens.batchSize() * tokens.length();
      if (x.length % cells != 0) {
        throw new IllegalArgumentException(
            x.length + " activation values do not fit " + tokens + " rows");
      }
      int width = x.length / cells;
      if (inverse == null) {
        inverse = new RidgeRegression.Gram(width, d);
        forward = new RidgeRegression.Gram(d, width);
      }
      List<Integer> real = new ArrayList<>();
      for (int i = 0; i < cells; i++) {
        if (tokens.attentionMask()[i] == 1) {
          real.add(i);
        }
      }
      float[] inputs = new float[real.size() * width];
      float[] targets = new float[real.size() * d];
      for (int r = 0; r < real.size(); r++) {
        int i = real.get(r);
        System.arraycopy(x, i * width, inputs, r * width, width);
        vocabulary.embedding(Math.toIntExact(tokens.ids()[i]), i % tokens.length(), targets, r * d);
      }
      inverse.add(inputs, targets, real.size());
      forward.add(targets, inputs, real.size());
    }
    return new RidgeRegression.Gram[] {inverse, forward};
  }

  private static int texts(List<TokenBatch> batches) {
    return batches.stream().mapToInt(TokenBatch::batchSize).sum();
  }
}
