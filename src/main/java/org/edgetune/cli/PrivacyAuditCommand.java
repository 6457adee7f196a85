package org.edgetune.cli;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.edgetune.data.CorpusLoader;
import org.edgetune.data.TrainTestSplit;
import org.edgetune.model.LabeledTokens;
import org.edgetune.model.SplitLoraModel;
import org.edgetune.model.TextTokenizer;
import org.edgetune.privacy.PublicCorpus;
import org.edgetune.report.RunLog;
import org.edgetune.sim.SimulationSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code edgetune privacy-audit}: the server's attacks on what it receives, measured on the test
 * split, in the round-1 state or the state a run ended with ({@code --state RUN_DIR}).
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

  @Option(
      names = "--state",
      paramLabel = "RUN_DIR",
      description =
          "Audit the state a simulate run ended with (its newest intact checkpoint in "
              + "RUN_DIR/checkpoints: LoRA, head and the device layers' adapters) instead of the round-1 "
              + "state; give the run's own config (RUN_DIR/config.conf) so that model and cut match.")
  Path state;

  @Override
  public Integer call() {
    long started = System.nanoTime();
    options.refuseFaults("the privacy audit runs no devices, server or network that could fail");
    Config config = options.loadConfig();
    SimulationSettings settings = EverySection.validate(config, false);
    PublicCorpus publicText = PrivacyAuditRun.publicText(settings);
    OutputTarget target = options.outputTarget("privacy-audit");
    TrainTestSplit split = CorpusLoader.load(settings.data(), settings.seed());
    try (SplitLoraModel model = SplitLoraModel.load(settings.model())) {
      // Read before the output directory is made, so that a bad --state leaves nothing behind.
      AuditedState audited =
          state == null
              ? AuditedState.roundOne(model, settings.seed())
              : AuditedState.lastCheckpoint(state, "--state", settings, model);
      return target.write(
          out -> {
            try (RunLog runLog = RunLog.attach(out.resolve("edgetune.log"), false);
                TextTokenizer tokenizer = TextTokenizer.load(settings.model())) {
              out.writeText("config.conf", RunOptions.render(config));
              Map<String, Object> report =
                  PrivacyAuditRun.write(
                      started,
                      settings,
                      model,
                      tokenizer,
                      LabeledTokens.of(split.test(), tokenizer),
                      publicText,
                      audited,
                      out,
                      "report.html");
              System.out.println(summaryLine(report, out.path()));
            }
            return 0;
          });
    }
  }

  @SuppressWarnings("unchecked")
  static String summaryLine(Map<String, Object> report, Path out) {
    Map<String, Object> r = (Map<String, Object>) report.get("result");
    Map<String, Object> s = (Map<String, Object>) report.get("setting");
    return String.format(
        "privacy-audit: %d texts, %d tokens; token recovery %.4f by the %s (texts with half recovered %.4f); "
            + "label recovery from the gradient %.4f, from the features %.4f (majority class %.4f); "
            + "device-layers = %s, %s -> %s",
        (Integer) r.get("texts"),
        (Long) r.get("tokens"),
        (Double) r.get("token_recovery_rate"),
        r.get("token_attack"),
        (Double) r.get("texts_half_recovered_share"),
        (Double) r.get("gradient_label_recovery_rate"),
        (Double) r.get("feature_label_recovery_rate"),
        (Double) r.get("majority_class_share"),
        s.get("device_layers"),
        s.get("model_state"),
        out);
  }
}
