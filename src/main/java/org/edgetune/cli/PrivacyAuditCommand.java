package org.edgetune.cli;

import com.typesafe.config.Config;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.edgetune.config.ConfigException;
import org.edgetune.data.CorpusLoader;
import org.edgetune.data.TrainTestSplit;
import org.edgetune.model.LabeledTokens;
import org.edgetune.model.SplitLoraModel;
import org.edgetune.model.TextTokenizer;
import org.edgetune.privacy.PrivacyAudit;
import org.edgetune.privacy.PrivacySettings;
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
    if (settings.model().cut().deep()) {
      throw new ConfigException(
          "config key 'edgetune.model.device-layers' = "
              + settings.model().deviceLayers()
              + ": privacy-audit attacks the embedding-only cut (nearest neighbour over the vocabulary); the learned "
              + "inversion that layer-n activations need is not implemented, so audit with device-layers = 0");
    }
    OutputTarget target = options.outputTarget("privacy-audit");
    TrainTestSplit split = CorpusLoader.load(settings.data(), settings.seed());

    return target.write(
        out -> {
          try (RunLog runLog = RunLog.attach(out.resolve("edgetune.log"), false);
              SplitLoraModel model = SplitLoraModel.load(settings.model());
              TextTokenizer tokenizer = TextTokenizer.load(settings.model())) {
            out.writeText("config.conf", RunOptions.render(config));
            LabeledTokens test = LabeledTokens.of(split.test(), tokenizer);
            PrivacySettings privacy = settings.privacy();
            PrivacyAudit.Result result =
                new PrivacyAudit(model, privacy, settings.seed(), settings.train().batchSize())
                    .run(test, VocabularyInversion.of(settings.model().model()));
            Map<String, Object> audit = new LinkedHashMap<>();
            audit.put("setting", setting(settings, privacy));
            audit.put("result", result.toMap());
            audit.put("attacks", attacks());
            audit.put("wall_seconds", (System.nanoTime() - started) / 1e9);
            out.writeJson("privacy.json", audit);
            PrivacyReport.write(out, audit);
            System.out.printf(
                "privacy-audit: %d texts, %d tokens; token recovery %.4f (texts with half recovered %.4f); "
                    + "label recovery from the gradient %.4f, from the features %.4f (majority class %.4f) -> %s%n",
                result.texts(),
                result.tokens(),
                result.tokenRecovery(),
                result.textsHalfRecovered(),
                result.gradientLabelRecovery(),
                result.featureLabelRecovery(),
                result.majorityClassShare(),
                out.path());
          }
          return 0;
        });
  }

  private static Map<String, Object> setting(SimulationSettings settings, PrivacySettings privacy) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("model", settings.model().model().configName());
    s.put("device_layers", 0);
    s.put("uplink_noise", privacy.uplinkNoise());
    s.put("gradient_noise", privacy.gradientNoise());
    s.put("seed", settings.seed());
    s.put("batch_size", settings.train().batchSize());
    s.put("sequence_length", settings.model().maxLength());
    s.put(
        "model_state", "round 1: LoRA and head initialised from the seed, as every device starts");
    return s;
  }

  private static Map<String, String> attacks() {
    Map<String, String> a = new LinkedHashMap<>();
    a.put(
        "token recovery",
        "each uploaded row at position p is matched to the nearest (Euclidean) of "
            + "LayerNorm(word[v] + position[p] + type[0]) over the whole vocabulary, built from the public ONNX weights; "
            + "rates over non-padding tokens (content: without [CLS] and [SEP])");
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
