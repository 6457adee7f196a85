package org.edgetune.cli;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.edgetune.data.CorpusLoader;
import org.edgetune.data.TrainTestSplit;
import org.edgetune.model.SplitLoraModel;
import org.edgetune.model.TextTokenizer;
import org.edgetune.report.OutputDirectory;
import org.edgetune.report.RunLog;
import org.edgetune.sim.SimulationSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code edgetune simulate}: the single-JVM split federated LoRA simulation (the main job). */
@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    description = "Single-JVM split federated LoRA simulation on Pekko actors, ending in a report.")
final class SimulateCommand implements Callable<Integer> {

  /**
   * The README's main job: {@code edgetune simulate} with no --config runs this scenario, found
   * under the checkout the launcher sets as {@code EDGETUNE_HOME} (else the working directory).
   */
  static final Path DEFAULT_SCENARIO =
      Path.of(System.getenv().getOrDefault("EDGETUNE_HOME", "."), "conf", "default.conf");

  @Mixin RunOptions options;

  @Override
  public Integer call() {
    long started = System.nanoTime();
    Config config = options.loadConfig(DEFAULT_SCENARIO);
    SimulationSettings settings = SimulationSettings.fromConfig(config);
    Path outDir = options.outputDirectory("simulate");
    TrainTestSplit split = CorpusLoader.load(settings.data(), settings.seed());

    try (OutputDirectory out = new OutputDirectory(outDir);
        RunLog runLog = RunLog.attach(out.resolve("edgetune.log"), false);
        SplitLoraModel model = SplitLoraModel.load(settings.model());
        TextTokenizer tokenizer = TextTokenizer.load(settings.model())) {
      out.writeText("config.conf", RunOptions.render(config));
      SimulationOutputs.Finished finished =
          SimulationOutputs.run(started, "simulate", settings, config, model, tokenizer, split, out);
      Map<String, Object> summary = finished.summary();
      double wall = (System.nanoTime() - started) / 1e9;
      System.out.printf("simulate: %s, %d rounds, accuracy %s, F1 %s, max energy ratio %.3f, %.0f s -> %s%n",
          settings.schedule().policy(), finished.result().rounds().size(), summary.get("final_accuracy"), summary.get("final_f1"),
          (double) summary.get("max_energy_ratio"), wall, outDir.resolve("report.html"));
    }
    return 0;
  }
}
