package org.edgetune.privacy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.edgetune.model.DevicePass;
import org.edgetune.model.DeviceSide;
import org.edgetune.model.EmbeddedBatch;
import org.edgetune.model.HeadStep;
import org.edgetune.model.LabeledTokens;
import org.edgetune.model.ParameterState;
import org.edgetune.model.SplitLoraModel;
import org.edgetune.model.TaskModule;
import org.edgetune.model.TensorPayload;
import org.edgetune.model.TextTokenizer;
import org.edgetune.model.TokenBatch;
import org.edgetune.util.KeyedRandom;
import org.edgetune.util.KeyedSampling;
import org.edgetune.util.StreamPurpose;

/**
 * What an honest-but-curious edge server learns from exactly what it receives in a round: the
 * uploaded embeddings or, at a deep cut, layer-n activations (token recovery by a {@link
 * TokenInversion}: {@link VocabularyInversion} at the embedding-only cut, a {@link
 * LearnedInversion} beyond it) and the uploaded feature gradients and its own features (label
 * recovery by {@link LabelInference}). The audited texts go through the device's own code, {@code
 * DeviceSide.embed} (or {@code DeviceSide.forward} through the device layers) and {@code trainHead}
 * followed by the configured {@link DeviceDefences}, in mini-batches of the training batch size,
 * with the round-1 state (LoRA and head, with the device layers' adapters, initialised from the
 * seed) that every device starts from.
 *
 * <p>The feature probe's public data: batches with an even index play the server's own labelled
 * texts (embedded, and at a deep cut run through the device layers, without noise, since the server
 * computes that for its own text itself); the probe is scored on the features of the odd batches,
 * as received. The gradient attack is scored on every batch.
 */
public final class PrivacyAudit {

  /**
   * Key of the audit's noise streams: one stand-in device, round 1, the batch index as the step.
   */
  static final int AUDIT_DEVICE = KeyedRandom.ANY;

  static final long AUDIT_ROUND = 1;

  /**
   * @param texts non-padding tokens (positions with mask 1), in all audited texts
   * @param tokenRecovery share of those tokens the inversion names exactly
   * @param contentTokenRecovery the same without each text's first and last real token ([CLS],
   *     [SEP])
   * @param textsHalfRecovered share of texts with at least half of their non-padding tokens
   *     recovered
   * @param gradientLabelRecovery share of texts whose label the feature-gradient attack names
   * @param featureLabelRecovery share of the probe's texts whose label the centroid probe names
   * @param majorityClassShare share of the most frequent label: what guessing it alone recovers
   */
  public record Result(
      int texts,
      long tokens,
      double tokenRecovery,
      double contentTokenRecovery,
      double textsHalfRecovered,
      double gradientLabelRecovery,
      double featureLabelRecovery,
      int featureProbeTexts,
      double majorityClassShare) {

    public Map<String, Object> toMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("texts", texts);
      m.put("tokens", tokens);
      m.put("token_recovery_rate", tokenRecovery);
      m.put("content_token_recovery_rate", contentTokenRecovery);
      m.put("texts_half_recovered_share", textsHalfRecovered);
      m.put("gradient_label_recovery_rate", gradientLabelRecovery);
      m.put("feature_label_recovery_rate", featureLabelRecovery);
      m.put("feature_probe_texts", featureProbeTexts);
      m.put("majority_class_share", majorityClassShare);
      return m;
    }
  }

  private final SplitLoraModel model;
  private final DeviceDefences defences;
  private final long seed;
  private final int batchSize;
  private final ParameterState lora;
  private final ParameterState head;

  public PrivacyAudit(SplitLoraModel model, PrivacySettings privacy, long seed, int batchSize) {
    this.model = model;
    this.defences = new DeviceDefences(privacy, seed);
    this.seed = seed;
    this.batchSize = batchSize;
    this.lora = model.initialLora(seed);
    this.head = model.initialHead(seed);
  }

  /**
   * What a device uploads for the audit's batch {@code index}: the device's embedding (at a deep
   * cut its layer-n activations, by the device's training forward) plus its defence.
   */
  public EmbeddedBatch uplink(TokenBatch tokens, int index) {
    DeviceSide device = model.deviceSide();
    if (!model.cut().deep()) {
      return defences.uplink(device.embed(tokens), AUDIT_DEVICE, AUDIT_ROUND, index);
    }
    long dropoutKey =
        KeyedRandom.key(
            seed,
            StreamPurpose.LORA_DROPOUT_DEVICE,
            AUDIT_DEVICE,
            KeyedSampling.roundStep(AUDIT_ROUND, index));
    try (DevicePass pass = device.forward(tokens, head, dropoutKey)) {
      return defences.uplink(pass.uplink(), AUDIT_DEVICE, AUDIT_ROUND, index);
    }
  }

  /**
   * What the server computes itself for text of its own, without noise: the embeddings, or at a
   * deep cut the layer-n activations with the device layers' adapters it aggregates (the audit's
   * round-1 state).
   */
  public EmbeddedBatch serverView(TokenBatch tokens) {
    DeviceSide device = model.deviceSide();
    return model.cut().deep() ? device.activations(tokens, head) : device.embed(tokens);
  }

  /**
   * Trains the learned attacks (inverse and forward) for this audit's cut and state on the server's
   * public text, tokenised like the devices' and run through {@link #serverView} in mini-batches of
   * the training batch size.
   */
  public LearnedInversion.Pair learnInversion(
      PublicCorpus corpus, TextTokenizer tokenizer, VocabularyInversion vocabulary) {
    return LearnedInversion.train(
        batches(LabeledTokens.of(corpus.fit(), tokenizer)),
        batches(LabeledTokens.of(corpus.heldOut(), tokenizer)),
        tokens -> serverView(tokens).embeddings().toFloats(),
        vocabulary);
  }

  private List<TokenBatch> batches(LabeledTokens texts) {
    List<TokenBatch> batches = new ArrayList<>();
    for (int from = 0; from < texts.size(); from += batchSize) {
      batches.add(texts.range(from, Math.min(texts.size(), from + batchSize)).tokens());
    }
    return batches;
  }

  /**
   * The share of non-padding tokens another inversion names from the same uploads as {@link #run}
   * (the same keyed noise): a baseline beside the audit's own token attack.
   */
  public double tokenRecovery(LabeledTokens texts, TokenInversion inversion) {
    int n = texts.size();
    int length = texts.tokens().length();
    int d = model.dims().hidden();
    float[] uploaded = new float[n * length * d];
    for (int index = 0, from = 0; from < n; index++, from += batchSize) {
      int to = Math.min(n, from + batchSize);
      float[] x = uplink(texts.range(from, to).tokens(), index).embeddings().toFloats();
      System.arraycopy(x, 0, uploaded, from * length * d, x.length);
    }
    int[] recovered = invertAll(inversion, uploaded, texts.tokens(), d);
    long all = 0;
    long hits = 0;
    for (int i = 0; i < recovered.length; i++) {
      if (texts.tokens().attentionMask()[i] == 1) {
        all++;
        hits += recovered[i] == texts.tokens().ids()[i] ? 1 : 0;
      }
    }
    return (double) hits / all;
  }

  public Result run(LabeledTokens texts, TokenInversion inversion) {
    int n = texts.size();
    int length = texts.tokens().length();
    int d = model.dims().hidden();
    int classes = model.settings().classes();
    float[] uploaded = new float[n * length * d];
    int[] gradientGuess = new int[n];
    List<float[]> publicFeatures = new ArrayList<>();
    List<int[]> publicLabels = new ArrayList<>();
    List<float[]> probedFeatures = new ArrayList<>();
    List<int[]> probedLabels = new ArrayList<>();
    float[] headWeight = head.get(TaskModule.WEIGHT).values();

    for (int index = 0, from = 0; from < n; index++, from += batchSize) {
      int to = Math.min(n, from + batchSize);
      LabeledTokens batch = texts.range(from, to);
      EmbeddedBatch received = uplink(batch.tokens(), index);
      float[] x = received.embeddings().toFloats();
      System.arraycopy(x, 0, uploaded, from * length * d, x.length);

      TensorPayload features = model.serverSide().features(received, lora);
      HeadStep step = model.deviceSide().trainHead(features, batch.labels(), head);
      TensorPayload gradient =
          defences.featureGradient(step.featureGradient(), AUDIT_DEVICE, AUDIT_ROUND, index);
      int[] guess =
          LabelInference.fromFeatureGradient(gradient.toFloats(), to - from, headWeight, classes);
      System.arraycopy(guess, 0, gradientGuess, from, guess.length);

      if (index % 2 == 0) {
        EmbeddedBatch own =
            new EmbeddedBatch(serverView(batch.tokens()).embeddings(), received.attentionMask());
        publicFeatures.add(model.serverSide().features(own, lora).toFloats());
        publicLabels.add(batch.labels());
      } else {
        probedFeatures.add(features.toFloats());
        probedLabels.add(batch.labels());
      }
    }

    int[] recovered = invertAll(inversion, uploaded, texts.tokens(), d);
    return score(
        texts,
        recovered,
        gradientGuess,
        publicFeatures,
        publicLabels,
        probedFeatures,
        probedLabels,
        classes);
  }

  /**
   * The inversion's id for every (text, position), position by position over the texts that reach
   * it.
   */
  private static int[] invertAll(
      TokenInversion inversion, float[] uploaded, TokenBatch tokens, int d) {
    int n = tokens.batchSize();
    int length = tokens.length();
    int[] recovered = new int[n * length];
    Arrays.fill(recovered, -1);
    for (int p = 0; p < length; p++) {
      int rows = 0;
      for (int t = 0; t < n; t++) {
        rows += tokens.attentionMask()[t * length + p] == 1 ? 1 : 0;
      }
      float[] x = new float[rows * d];
      int[] owner = new int[rows];
      int r = 0;
      for (int t = 0; t < n; t++) {
        if (tokens.attentionMask()[t * length + p] == 1) {
          System.arraycopy(uploaded, (t * length + p) * d, x, r * d, d);
          owner[r++] = t;
        }
      }
      int[] ids = inversion.invert(p, x, rows);
      for (int i = 0; i < rows; i++) {
        recovered[owner[i] * length + p] = ids[i];
      }
    }
    return recovered;
  }

  private static Result score(
      LabeledTokens texts,
      int[] recovered,
      int[] gradientGuess,
      List<float[]> publicFeatures,
      List<int[]> publicLabels,
      List<float[]> probedFeatures,
      List<int[]> probedLabels,
      int classes) {
    TokenBatch tokens = texts.tokens();
    int n = tokens.batchSize();
    int length = tokens.length();
    long all = 0;
    long hits = 0;
    long content = 0;
    long contentHits = 0;
    int halfRecovered = 0;
    for (int t = 0; t < n; t++) {
      int real = 0;
      int found = 0;
      for (int p = 0; p < length; p++) {
        if (tokens.attentionMask()[t * length + p] == 1) {
          real++;
        }
      }
      for (int p = 0; p < length; p++) {
        int i = t * length + p;
        if (tokens.attentionMask()[i] != 1) {
          continue;
        }
        boolean hit = recovered[i] == tokens.ids()[i];
        found += hit ? 1 : 0;
        if (p > 0 && p < real - 1) {
          content++;
          contentHits += hit ? 1 : 0;
        }
      }
      all += real;
      hits += found;
      halfRecovered += 2 * found >= real ? 1 : 0;
    }

    int[] labels = texts.labels();
    int gradientHits = 0;
    int[] perClass = new int[classes];
    for (int t = 0; t < n; t++) {
      gradientHits += gradientGuess[t] == labels[t] ? 1 : 0;
      perClass[labels[t]]++;
    }
    int majority = Arrays.stream(perClass).max().orElse(0);

    int probed = 0;
    int probeHits = 0;
    if (!publicFeatures.isEmpty() && !probedFeatures.isEmpty()) {
      double[][] centroids =
          LabelInference.centroids(concat(publicFeatures), concatLabels(publicLabels), classes);
      float[] features = concat(probedFeatures);
      int[] truth = concatLabels(probedLabels);
      int[] guess = LabelInference.nearestCentroid(features, truth.length, centroids);
      for (int i = 0; i < truth.length; i++) {
        probeHits += guess[i] == truth[i] ? 1 : 0;
      }
      probed = truth.length;
    }
    return new Result(
        n,
        all,
        (double) hits / all,
        content == 0 ? Double.NaN : (double) contentHits / content,
        (double) halfRecovered / n,
        (double) gradientHits / n,
        probed == 0 ? Double.NaN : (double) probeHits / probed,
        probed,
        (double) majority / n);
  }

  private static float[] concat(List<float[]> parts) {
    float[] all = new float[parts.stream().mapToInt(a -> a.length).sum()];
    int at = 0;
    for (float[] part : parts) {
      System.arraycopy(part, 0, all, at, part.length);
      at += part.length;
    }
    return all;
  }

  private static int[] concatLabels(List<int[]> parts) {
    int[] all = new int[parts.stream().mapToInt(a -> a.length).sum()];
    int at = 0;
    for (int[] part : parts) {
      System.arraycopy(part, 0, all, at, part.length);
      at += part.length;
    }
    return all;
  }
}
