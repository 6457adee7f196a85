package org.edgetune.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import org.edgetune.model.LabeledTokens;
import org.edgetune.model.SplitLoraModel;
import org.edgetune.model.TextTokenizer;
import org.edgetune.output.OutputDirectory;
import org.edgetune.privacy.LearnedInversion;
import org.edgetune.privacy.PrivacyAudit;
import org.edgetune.privacy.PrivacySettings;
import org.edgetune.privacy.PublicCorpus;
import org.edgetune.privacy.VocabularyInversion;
import org.edgetune.report.PrivacyReport;
import org.edgetune.sim.SimulationSettings;

/**
 * One privacy audit of a state on a test split, written as {@code privacy.json} and an HTML page:
 * what {@code privacy-audit} does once and {@code experiment} does after each run of a suite with
 * {@code privacy-audit = true}.
 */
final class PrivacyAuditRun {

  private PrivacyAuditRun() {}

  /**
   * The public text a deep cut's audit learns its attacks on (null at the embedding-only cut), read
   * before anything runs so that a missing archive fails first.
   */
  static PublicCorpus publicText(SimulationSettings settings) {
    return settings.model().cut().deep()
        ? PublicCorpus.load(settings.privacy().audit(), settings.data().source(), settings.seed())
        : null;
  }

  /**
   * Audits {@code state} on {@code test} and writes {@code privacy.json} and {@code html} into
   * {@code out}.
   *
   * @return what {@code privacy.json} holds
   */
  static Map<String, Object> write(
      long startedNanos,
      SimulationSettings settings,
      SplitLoraModel model,
      TextTokenizer tokenizer,
      LabeledTokens test,
      PublicCorpus publicText,
      AuditedState state,
      OutputDirectory out,
      String html) {
    PrivacySettings privacy = settings.privacy();
    PrivacyAudit audit =
        new PrivacyAudit(
            model,
            privacy,
            settings.seed(),
            settings.train().batchSize(),
            state.lora(),
            state.head());
    PrivacyAudit.Findings findings;
    try (VocabularyInversion vocabulary = VocabularyInversion.of(settings.model().model())) {
      findings = audit.audit(test, tokenizer, vocabulary, publicText);
    }
    PrivacyAudit.Result result = findings.result();
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("setting", setting(settings, state));
    report.put("result", result.toMap());
    report.put("token_attacks", result.tokenAttacksMap());
    if (findings.learned() != null) {
      Map<String, Object> training = new LinkedHashMap<>();
      training.put("public_source", publicText.source().configName());
      training.put("public_archive", publicText.archive().toString());
      training.put(PrivacyAudit.LEARNED_INVERSION, trainingOf(findings.learned().inverse()));
      training.put(PrivacyAudit.LEARNED_FORWARD_MODEL, trainingOf(findings.learned().forward()));
      report.put("learned_attacks", training);
    }
    report.put("attacks", attacks(publicText));
    report.put("wall_seconds", (System.nanoTime() - startedNanos) / 1e9);
    out.writeJson("privacy.json", report);
    PrivacyReport.write(out, html, report);
    return report;
  }

  private static Map<String, Object> trainingOf(LearnedInversion attack) {
    return attack.training().toMap();
  }

  private static Map<String, Object> setting(SimulationSettings settings, AuditedState state) {
    PrivacySettings privacy = settings.privacy();
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("model", settings.model().model().configName());
    s.put("device_layers", settings.model().deviceLayers());
    s.put("uplink_noise", privacy.uplinkNoise());
    s.put("gradient_noise", privacy.gradientNoise());
    s.put("seed", settings.seed());
    s.put("batch_size", settings.train().batchSize());
    s.put("sequence_length", settings.model().maxLength());
    s.put("model_state", state.description());
    return s;
  }

  private static String learnedName(PublicCorpus publicText) {
    return "trained on "
        + publicText.size()
        + " public texts of "
        + publicText.source().configName();
  }

  /** The attacks' descriptions; {@code publicText} is null at the embedding-only cut. */
  private static Map<String, String> attacks(PublicCorpus publicText) {
    Map<String, String> a = new LinkedHashMap<>();
    if (publicText == null) {
      a.put(
          PrivacyAudit.NEAREST_NEIGHBOUR,
          "each uploaded row at position p is matched to the nearest (Euclidean) of "
              + "LayerNorm(word[v] + position[p] + type[0]) over the whole vocabulary, built from the public ONNX weights; "
              + "rates over non-padding tokens (content: without [CLS] and [SEP])");
    } else {
      a.put(
          PrivacyAudit.LEARNED_INVERSION,
          learnedName(publicText)
              + ": the server runs its public texts through the device layers with the public weights and the "
              + "device adapters it aggregates, fits a ridge map (bias unpenalised, penalty chosen on a held-out fifth) "
              + "from each activation row to LayerNorm(word + position[p] + type[0]) of its token, then matches each "
              + "received row's image to the nearest candidate over the whole vocabulary at p");
      a.put(
          PrivacyAudit.LEARNED_FORWARD_MODEL,
          learnedName(publicText)
              + ": a ridge map the other way, from a token's embedding to its activation row, fitted on the same "
              + "public rows; every candidate of the vocabulary at p is mapped and each received row matched to the "
              + "nearest mapped candidate");
      a.put(
          PrivacyAudit.NEAREST_NEIGHBOUR_WITHOUT_MAP,
          "the embedding cut's attack applied to the activations as they are");
      a.put(
          "headline",
          "the token rates under result are the strongest attack's (token_attack): the server recovers at least "
              + "that; every attack is scored on the same uploads, over non-padding tokens (content: without [CLS] "
              + "and [SEP])");
    }
    a.put(
        "gradient label recovery",
        "the feature gradient row is W^T(p - y)/B for the broadcast head W; "
            + "solving for the coefficients, the true class has the only negative one");
    a.put(
        "feature label recovery",
        "nearest class centroid of the server's features, centroids fitted on "
            + "the server's own labelled texts (even batches, embedded without noise), scored on the odd batches");
    return a;
  }
}
