package org.edgetune.privacy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
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

  /** The token attack at the embedding-only cut, and the one used beside the learned ones. */
  public static final String NEAREST_NEIGHBOUR = "nearest neighbour over the vocabulary";

  /** The token attacks beyond the embedding-only cut ({@link LearnedInversion}). */
  public static final String LEARNED_INVERSION = "learned linear inversion";

  public static final String LEARNED_FORWARD_MODEL = "learned forward model";

  public static final String NEAREST_NEIGHBOUR_WITHOUT_MAP = "nearest neighbour without a map";

  /**
   * What one token attack recovered from the uploads.
   *
   * @param rate share of the non-padding tokens it names exactly
   * @param contentRate the same without each text's first and last real token ([CLS], [SEP])
   * @param textsHalfRecovered share of texts with at least half of their non-padding tokens
   *     recovered
   */
  public record TokenRecovery(double rate, double contentRate, double textsHalfRecovered) {

    public Map<String, Object> toMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("token_recovery_rate", rate);
      m.put("content_token_recovery_rate", contentRate);
      m.put("texts_half_recovered_share", textsHalfRecovered);
      return m;
    }
  }

  /**
   * @param texts audited texts
   * @param tokens non-padding tokens (positions with mask 1), in all audited texts
   * @param tokenAttack the strongest token attack (the highest exact-token rate; the first listed
   *     on a tie): what the server recovers is at least what it recovers
   * @param tokenAttacks every token attack mounted, by name, in the order mounted
   * @param gradientLabelRecovery share of texts whose label the feature-gradient attack names
   * @param featureLabelRecovery share of the probe's texts whose label the centroid probe names
   * @param majorityClassShare share of the most frequent label: what guessing it alone recovers
   */
  public record Result(
      int texts,
      long tokens,
      String tokenAttack,
      Map<String, TokenRecovery> tokenAttacks,
      double gradientLabelRecovery,
      double featureLabelRecovery,
      int featureProbeTexts,
      double majorityClassShare) {

    /** The strongest attack's exact-token rate. */
    public double tokenRecovery() {
      return tokenAttacks.get(tokenAttack).rate();
    }

    public double contentTokenRecovery() {
      return tokenAttacks.get(tokenAttack).contentRate();
    }

    public double textsHalfRecovered() {
      return tokenAttacks.get(tokenAttack).textsHalfRecovered();
    }

    /** The headline rates (the strongest token attack's), as {@code privacy.json} holds them. */
    public Map<String, Object> toMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("texts", texts);
      m.put("tokens", tokens);
      m.put("token_attack", tokenAttack);
      m.putAll(tokenAttacks.get(tokenAttack).toMap());
      m.put("gradient_label_recovery_rate", gradientLabelRecovery);
      m.put("feature_label_recovery_rate", featureLabelRecovery);
      m.put("feature_probe_texts", featureProbeTexts);
      m.put("majority_class_share", majorityClassShare);
      return m;
    }

    /** Every token attack's rates, by name. */
    public Map<String, Object> tokenAttacksMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      tokenAttacks.forEach((name, r) -> m.put(name, r.toMap()));
      return m;
    }
  }

  /**
   * A whole audit: its result and, beyond the embedding-only cut, the learned attacks (how they
   * were trained); {@code learned} is null at the embedding-only cut.
   */
  public record Findings(Result result, LearnedInversion.Pair learned) {}

  private final SplitLoraModel model;
  private final DeviceDefences defences;
  private final long seed;
  private final int batchSize;
  private final ParameterState lora;
  private final ParameterState head;

  /** An audit of the round-1 state: LoRA and head as initialised from the seed. */
  public PrivacyAudit(SplitLoraModel model, PrivacySettings privacy, long seed, int batchSize) {
    this(model, privacy, seed, batchSize, model.initialLora(seed), model.initialHead(seed));
  }

  /**
   * An audit of a given state, e.g. a run's last checkpoint: the server's LoRA, and the head the
   * devices start a round from (at a deep cut with the device layers' adapters).
   */
  public PrivacyAudit(
      SplitLoraModel model,
      PrivacySettings privacy,
      long seed,
      int batchSize,
      ParameterState lora,
      ParameterState head) {
    this.model = model;
    this.defences = new DeviceDefences(privacy, seed);
    this.seed = seed;
    this.batchSize = batchSize;
    this.lora = lora;
    this.head = head;
  }

  /**
   * Every attack of this audit on {@code test}: at the embedding-only cut the exact nearest
   * neighbour over the vocabulary; beyond it the learned linear inversion and the learned forward
   * model trained on {@code publicText} (which may then not be null), and the nearest neighbour
   * without a map. The headline is the strongest token attack.
   */
  public Findings audit(
      LabeledTokens test,
      TextTokenizer tokenizer,
      VocabularyInversion vocabulary,
      PublicCorpus publicText) {
    if (!model.cut().deep()) {
      return new Findings(run(test, Map.of(NEAREST_NEIGHBOUR, vocabulary)), null);
    }
    if (publicText == null) {
      throw new IllegalArgumentException("a deep cut's audit needs public text");
    }
    LearnedInversion.Pair learned = learnInversion(publicText, tokenizer, vocabulary);
    Map<String, TokenInversion> attacks = new LinkedHashMap<>();
    attacks.put(LEARNED_INVERSION, learned.inverse());
    attacks.put(LEARNED_FORWARD_MODEL, learned.forward());
    attacks.put(NEAREST_NEIGHBOUR_WITHOUT_MAP, vocabulary);
    return new Findings(run(test, attacks), learned);
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
   * (the same keyed noise).
   */
  public double tokenRecovery(LabeledTokens texts, TokenInversion inversion) {
    return run(texts, inversion).tokenRecovery();
  }

  /** {@link #run(LabeledTokens, Map)} with one token attack. */
  public Result run(LabeledTokens texts, TokenInversion inversion) {
    return run(texts, Map.of(NEAREST_NEIGHBOUR, inversion));
  }

  /**
   * Runs the texts through the device's code and mounts every attack on the same uploads.
   *
   * @param attacks the token attacks, by name; the result's headline is the strongest
   */
  public Result run(LabeledTokens texts, Map<String, TokenInversion> attacks) {
    if (attacks.isEmpty()) {
      throw new IllegalArgumentException("no token attack to mount");
    }
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

    Map<String, int[]> recovered = invertAll(attacks, uploaded, texts.tokens(), d);
    Map<String, TokenRecovery> tokenAttacks = new LinkedHashMap<>();
    String strongest = null;
    for (String attack : attacks.keySet()) {
      TokenRecovery r = tokenScore(texts.tokens(), recovered.get(attack));
      tokenAttacks.put(attack, r);
      if (strongest == null || r.rate() > tokenAttacks.get(strongest).rate()) {
        strongest = attack;
      }
    }
    return labelScore(
        texts,
        strongest,
        Collections.unmodifiableMap(tokenAttacks),
        gradientGuess,
        publicFeatures,
        publicLabels,
        probedFeatures,
        probedLabels,
        classes);
  }

  /**
   * Each attack's id for every (text, position), position by position over the texts that reach it
   * and at each position attack by attack (so the position's candidates are built once).
   */
  private static Map<String, int[]> invertAll(
      Map<String, TokenInversion> attacks, float[] uploaded, TokenBatch tokens, int d) {
    int n = tokens.batchSize();
    int length = tokens.length();
    Map<String, int[]> recovered = new LinkedHashMap<>();
    attacks.keySet().forEach(a -> recovered.put(a, filled(n * length)));
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
      for (Map.Entry<String, TokenInversion> attack : attacks.entrySet()) {
        int[] ids = attack.getValue().invert(p, x, rows);
        int[] into = recovered.get(attack.getKey());
        for (int i = 0; i < rows; i++) {
          into[owner[i] * length + p] = ids[i];
        }
      }
    }
    return recovered;
  }

  private static int[] filled(int size) {
    int[] a = new int[size];
    Arrays.fill(a, -1);
    return a;
  }

  private static TokenRecovery tokenScore(TokenBatch tokens, int[] recovered) {
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
    return new TokenRecovery(
        (double) hits / all,
        content == 0 ? Double.NaN : (double) contentHits / content,
        (double) halfRecovered / n);
  }

  private static Result labelScore(
      LabeledTokens texts,
      String tokenAttack,
      Map<String, TokenRecovery> tokenAttacks,
      int[] gradientGuess,
      List<float[]> publicFeatures,
      List<int[]> publicLabels,
      List<float[]> probedFeatures,
      List<int[]> probedLabels,
      int classes) {
    int n = texts.size();
    long tokens = 0;
    for (long mask : texts.tokens().attentionMask()) {
      tokens += mask == 1 ? 1 : 0;
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
        tokens,
        tokenAttack,
        tokenAttacks,
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
