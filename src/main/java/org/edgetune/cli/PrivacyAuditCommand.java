package org.edgetune.cli;

import com.typesafe.config.Config;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.edgetune.data.CorpusLoader;
import org.edgetune.data.TrainTestSplit;
import org.edgetune.model.LabeledTokens;
import org.edgetune.model.SplitLoraModel;
import org.edgetune.model.TextTokenizer;
import org.edgetune.privacy.LearnedInversion;
import org.edgetune.privacy.PrivacyAudit;
import org.edgetune.privacy.PrivacySettings;
import org.edgetune.privacy.PublicCorpus;
import org.edgetune.privacy.VocabularyInversion;
import org.edgetune.report.PrivacyReport;
import org.edgetune.report.RunLog;
import org.edgetune.sim.SimulationSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code edgetune privacy-audit}: the server's attacks on what it receives, measured on the test
 * split.
 */
@Command(
    name = "privacy-audit",
    mixinStandardHelpOptions = true,
    description =
        "Measure what an honest-but-curious edge server recovers from what it receives "
            + "(tokens from the uplink, labels from feature gradients and features) under the configured "
            + "edgetune.privacy defences; writes privacy.json and report.html.")
final class PrivacyAuditCommand implements Callable<Integer> {

  @Mixin RunOptions options;

  @Override
  public Integer call() {
    long started = System.nanoTime();
    options.refuseFaults("the privacy audit runs no devices, server or network that could fail");
    Config config = options.loadConfig();
    SimulationSettings settings = EverySection.validate(config, false);
    boolean deep = settings.model().cut().deep();
    PrivacySettings privacy = settings.privacy();
    PublicCorpus publicText =
        deep ? PublicCorpus.load(privacy.audit(), settings.data().source(), settings.seed()) : null;
    OutputTarget target = options.outputTarget("privacy-audit");
    TrainTestSplit split = CorpusLoader.load(settings.data(), settings.seed());

    return target.write(
        out -> {
          try (RunLog runLog = RunLog.attach(out.resolve("edgetune.log"), false);
              SplitLoraModel model = SplitLoraModel.load(settings.model());
              TextTokenizer tokenizer = TextTokenizer.load(settings.model())) {
            out.writeText("config.conf", RunOptions.render(config));
            LabeledTokens test = LabeledTokens.of(split.test(), tokenizer);
            PrivacyAudit audit =
                new PrivacyAudit(model, privacy, settings.seed(), settings.train().batchSize());
            VocabularyInversion vocabulary = VocabularyInversion.of(settings.model().model());
            LearnedInversion.Pair learned =
                deep ? audit.learnInversion(publicText, tokenizer, vocabulary) : null;
            PrivacyAudit.Result result = audit.run(test, deep ? learned.inverse() : vocabulary);
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("setting", setting(settings, privacy));
            if (deep) {
              report.put("token_attack", learnedName(publicText));
              Map<String, Object> training = new LinkedHashMap<>();
              training.put("public_source", publicText.source().configName());
              training.put("public_archive", publicText.archive().toString());
              training.putAll(learned.inverse().training().toMap());
              report.put("learned_inversion", training);
              Map<String, Object> others = new LinkedHashMap<>();
              others.put(
                  "learned_forward_model_token_recovery_rate",
                  audit.tokenRecovery(test, learned.forward()));
              others.put(
                  "learned_forward_model_relative_penalty",
                  learned.forward().training().relativePenalty());
              others.put(
                  "learned_forward_model_held_out_unexplained_variance",
                  learned.forward().training().heldOutUnexplained());
              others.put(
                  "nearest_neighbour_without_map_token_recovery_rate",
                  audit.tokenRecovery(test, vocabulary));
              report.put("other_token_attacks", others);
            }
            report.put("result", result.toMap());
            report.put("attacks", attacks(deep ? publicText : null));
            report.put("wall_seconds", (System.nanoTime() - started) / 1e9);
            out.writeJson("privacy.json", report);
            PrivacyReport.write(out, report);
            System.out.printf(
                "privacy-audit: %d texts, %d tokens; token recovery %.4f (texts with half recovered %.4f); "
                    + "label recovery from the gradient %.4f, from the features %.4f (majority class %.4f)%s -> %s%n",
                result.texts(),
                result.tokens(),
                result.tokenRecovery(),
                result.textsHalfRecovered(),
                result.gradientLabelRecovery(),
                result.featureLabelRecovery(),
                result.majorityClassShare(),
                deep
                    ? "; device-layers = "
                        + settings.model().deviceLayers()
                        + ", "
                        + learnedName(publicText)
                    : "",
                out.path());
          }
          return 0;
        });
  }

  private static String learnedName(PublicCorpus publicText) {
    return "learned linear inversion, trained on "
        + publicText.size()
        + " public texts of "
        + publicText.source().configName();
  }

  private static Map<String, Object> setting(SimulationSettings settings, PrivacySettings privacy) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("model", settings.model().model().configName());
    s.put("device_layers", settings.model().deviceLayers());
    s.put("uplink_noise", privacy.uplinkNoise());
    s.put("gradient_noise", privacy.gradientNoise());
    s.put("seed", settings.seed());
    s.put("batch_size", settings.train().batchSize());
    s.put("sequence_length", settings.model().maxLength());
    s.put(
        "model_state", "round 1: LoRA and head initialised from the seed, as every device starts");
    return s;
  }

  /** The attacks' descriptions; {@code publicText} is null at the embedding-only cut. */
  private static Map<String, String> attacks(PublicCorpus publicText) {
    Map<String, String> a = new LinkedHashMap<>();
    if (publicText == null) {
      a.put(
          "token recovery",
          "each uploaded row at position p is matched to the nearest (Euclidean) of "
              + "LayerNorm(word[v] + position[p] + type[0]) over the whole vocabulary, built from the public ONNX weights; "
              + "rates over non-padding tokens (content: without [CLS] and [SEP])");
    } else {
      a.put(
          "token recovery",
          learnedName(publicText)
              + ": the server runs its public texts through the device layers with the public weights and the "
              + "device adapters it aggregates, fits a ridge map (bias unpenalised, penalty chosen on a held-out fifth) "
              + "from each activation row to LayerNorm(word + position[p] + type[0]) of its token, then matches each "
              + "received row's image to the nearest candidate over the whole vocabulary at p; rates over non-padding "
              + "tokens (content: without [CLS] and [SEP])");
      a.put(
          "other token attacks",
          "learned forward model: a ridge map the other way, from a token's embedding to its activation row, "
              + "fitted on the same public rows; every candidate of the vocabulary at p is mapped and each received "
              + "row matched to the nearest mapped candidate. Nearest neighbour without a map: the embedding cut's "
              + "attack applied to the activations as they are. Both scored on the same uploads");
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
