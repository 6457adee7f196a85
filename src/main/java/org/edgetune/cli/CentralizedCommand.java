package org.edgetune.cli;

import com.typesafe.config.Config;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.edgetune.data.CorpusLoader;
import org.edgetune.data.DataSettings;
import org.edgetune.data.TrainTestSplit;
import org.edgetune.model.LabeledTokens;
import org.edgetune.model.ModelSettings;
import org.edgetune.model.SplitLoraModel;
import org.edgetune.model.TextTokenizer;
import org.edgetune.output.OutputDirectory;
import org.edgetune.report.Progress;
import org.edgetune.report.RunLog;
import org.edgetune.train.CentralizedTrainer;
import org.edgetune.train.Evaluator;
import org.edgetune.train.Scores;
import org.edgetune.train.TrainSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code edgetune centralized}: LoRA fine-tuning on the pooled data, the federated runs' reference.
 */
@Command(
    name = "centralized",
    mixinStandardHelpOptions = true,
    description = "Non-federated LoRA fine-tuning on the pooled training set (the reference).")
final class CentralizedCommand implements Callable<Integer> {

  private static final Logger log = LoggerFactory.getLogger(CentralizedCommand.class);

  @Mixin RunOptions options;

  @Override
  public Integer call() {
    long started = System.nanoTime();
    options.refuseFaults("centralized training has no devices, server or network to fail");
    Config config = options.loadConfig();
    EverySection.validate(config, false);
    long seed = config.getLong("edgetune.seed");
    ModelSettings modelSettings = ModelSettings.fromConfig(config);
    DataSettings dataSettings = DataSettings.fromConfig(config);
    dataSettings.requireHeadFits(modelSettings.classes());
    TrainSettings trainSettings = TrainSettings.fromConfig(config);
    OutputTarget target = options.outputTarget("centralized");
    TrainTestSplit split = CorpusLoader.load(dataSettings, seed);

    return target.write(
        out -> {
          try (RunLog runLog = RunLog.attach(out.resolve("edgetune.log"), false);
              SplitLoraModel model = SplitLoraModel.load(modelSettings);
              TextTokenizer tokenizer = TextTokenizer.load(modelSettings)) {
            out.writeText("config.conf", RunOptions.render(config));
            Map<String, Object> summary =
                train(
                    started,
                    seed,
                    modelSettings,
                    trainSettings,
                    model,
                    tokenizer,
                    split,
                    out,
                    "centralized");
            System.out.printf(
                "centralized: accuracy %.4f, F1 %.4f after %d steps in %.0f s -> %s%n",
                (double) summary.get("final_accuracy"),
                (double) summary.get("final_f1"),
                (int) summary.get("steps"),
                (System.nanoTime() - started) / 1e9,
                out.path());
          }
          return 0;
        });
  }

  /**
   * Trains on the pooled split with the progress bar, appending each step and evaluation to {@code
   * metrics.jsonl}, and writes {@code summary.json}: what {@code centralized} does once and {@code
   * experiment} does per seed.
   */
  static Map<String, Object> train(
      long started,
      long seed,
      ModelSettings modelSettings,
      TrainSettings trainSettings,
      SplitLoraModel model,
      TextTokenizer tokenizer,
      TrainTestSplit split,
      OutputDirectory out,
      String task) {
    log.info(
        "data: {} train, {} test examples; model {}",
        split.train().size(),
        split.test().size(),
        modelSettings.model().configName());
    LabeledTokens train = LabeledTokens.of(split.train(), tokenizer);
    LabeledTokens test = LabeledTokens.of(split.test(), tokenizer);
    Evaluator evaluator = new Evaluator(model, test, trainSettings.evalBatchSize());
    int total =
        CentralizedTrainer.stepsPerEpoch(train.size(), trainSettings.batchSize())
            * trainSettings.epochs();

    CentralizedTrainer.Result result;
    try (Progress progress = new Progress(task, total)) {
      result =
          new CentralizedTrainer(model, trainSettings, seed)
              .train(
                  train,
                  evaluator,
                  new CentralizedTrainer.Listener() {
                    @Override
                    public void stepped(int epoch, int step, int totalSteps, float loss) {
                      out.appendMetrics(Map.of("epoch", epoch, "step", step, "loss", loss));
                      progress.advanceTo(
                          step, String.format("epoch %d loss %.4f", epoch + 1, loss));
                    }

                    @Override
                    public void evaluated(int epoch, int step, Scores scores) {
                      out.appendMetrics(
                          Map.of(
                              "epoch",
                              epoch,
                              "step",
                              step,
                              "accuracy",
                              scores.accuracy(),
                              "f1",
                              scores.f1()));
                      progress.advanceTo(
                          step,
                          String.format("epoch %d accuracy %.4f", epoch + 1, scores.accuracy()));
                      log.info(
                          "epoch {} step {}: accuracy {} F1 {}",
                          epoch + 1,
                          step,
                          scores.accuracy(),
                          scores.f1());
                    }
                  });
    }
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("mode", "centralized");
    summary.put("model", modelSettings.model().configName());
    summary.put("seed", seed);
    summary.put("epochs", trainSettings.epochs());
    summary.put("trainable", trainSettings.trainable().configName());
    summary.put("steps", result.steps());
    summary.put("train_examples", train.size());
    summary.put("test_examples", test.size());
    summary.put("final_accuracy", result.scores().accuracy());
    summary.put("final_f1", result.scores().f1());
    if (result.scores().classes() > 2) {
      summary.put("final_macro_f1", result.scores().macroF1());
    }
    summary.put("final_precision", result.scores().precision());
    summary.put("final_recall", result.scores().recall());
    summary.put("wall_seconds", (System.nanoTime() - started) / 1e9);
    out.writeJson("summary.json", summary);
    return summary;
  }
}
