package org.edgetune.cli;

import com.typesafe.config.Config;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.edgetune.assembly.RunInputs;
import org.edgetune.checkpoint.CannotResumeException;
import org.edgetune.checkpoint.CheckpointStore;
import org.edgetune.checkpoint.ConfigGuard;
import org.edgetune.config.ConfigLoader;
import org.edgetune.dashboard.LiveDashboard;
import org.edgetune.dashboard.RunWatcher;
import org.edgetune.data.CorpusLoader;
import org.edgetune.data.TrainTestSplit;
import org.edgetune.model.SplitLoraModel;
import org.edgetune.model.TextTokenizer;
import org.edgetune.output.OutputDirectory;
import org.edgetune.report.RunLog;
import org.edgetune.sim.ResumePoint;
import org.edgetune.sim.SimulationSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code edgetune simulate}: the single-JVM split federated LoRA simulation (the main job). */
@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    description = "Single-JVM split federated LoRA simulation on Pekko actors, ending in a report.")
final class SimulateCommand implements Callable<Integer> {

  private static final Logger log = LoggerFactory.getLogger(SimulateCommand.class);

  /**
   * The README's main job: {@code edgetune simulate} with no --config runs this scenario, found
   * under the checkout the launcher sets as {@code EDGETUNE_HOME} (else the working directory).
   */
  static final Path DEFAULT_SCENARIO =
      Path.of(System.getenv().getOrDefault("EDGETUNE_HOME", "."), "conf", "default.conf");

  @Mixin RunOptions options;

  @Mixin DashboardOptions dashboard;

  @Option(
      names = "--resume",
      description =
          "Continue the stopped run in --out from its last valid checkpoint, "
              + "with the config.conf it wrote (no --config or --set).")
  boolean resume;

  @Override
  public Integer call() {
    long started = System.nanoTime();
    return resume ? resumeRun(started) : freshRun(started);
  }

  private int freshRun(long started) {
    Config config = options.loadConfig(DEFAULT_SCENARIO);
    SimulationSettings settings = EverySection.validate(config, false);
    OutputTarget target = options.outputTarget("simulate");
    TrainTestSplit split = CorpusLoader.load(settings.data(), settings.seed());
    try (LiveDashboard live = dashboard.start()) {
      return target.write(
          out -> {
            try (RunLog runLog = RunLog.attach(out.resolve("edgetune.log"), false)) {
              String rendered = RunOptions.render(config);
              out.writeText("config.conf", rendered);
              ConfigGuard.record(
                  CheckpointStore.ofRun(out.path(), settings.checkpoint()), rendered);
              simulate(started, settings, config, split, out, null, live.watcher());
            }
            return 0;
          });
    }
  }

  /**
   * Everything that can refuse the resume is checked before anything in the directory changes; a
   * run that already wrote its summary is left as it is.
   */
  private int resumeRun(long started) {
    Path outDir = options.resumeDirectory();
    Config config = ConfigLoader.load(outDir.resolve("config.conf"), List.of());
    SimulationSettings settings = SimulationSettings.fromConfig(config);
    if (Files.exists(outDir.resolve("summary.json"))) {
      System.out.printf(
          "simulate: the run in %s is complete (it has its summary.json); nothing to resume%n",
          outDir);
      return 0;
    }
    CheckpointStore store = CheckpointStore.ofRun(outDir, settings.checkpoint());
    if (store.isEmpty()) {
      throw new CannotResumeException(
          "the run in "
              + outDir
              + " stopped before its first checkpoint, so there is "
              + "nothing to resume; start it again with: edgetune simulate --config "
              + outDir.resolve("config.conf")
              + " --out "
              + outDir
              + " --overwrite");
    }
    ConfigGuard.check(store, outDir.resolve("config.conf"));
    try (LiveDashboard live = dashboard.start();
        OutputDirectory out = new OutputDirectory(outDir)) {
      ResumePoint from = ResumePoint.find(out, store);
      TrainTestSplit split = CorpusLoader.load(settings.data(), settings.seed());
      out.removeTempFiles();
      try (RunLog runLog = RunLog.attach(out.resolve("edgetune.log"), true)) {
        log.info(
            "resuming from round {} (checkpoint {})", from.checkpoint().nextRound(), from.file());
        simulate(started, settings, config, split, out, from, live.watcher());
      }
    }
    return 0;
  }

  private static void simulate(
      long started,
      SimulationSettings settings,
      Config config,
      TrainTestSplit split,
      OutputDirectory out,
      ResumePoint from,
      RunWatcher watcher) {
    try (SplitLoraModel model = SplitLoraModel.load(settings.model());
        TextTokenizer tokenizer = TextTokenizer.load(settings.model())) {
      SimulationOutputs.Finished finished =
          SimulationOutputs.run(
              started,
              "simulate",
              new RunInputs(settings, config, model, tokenizer, split),
              out,
              from,
              watcher);
      Map<String, Object> summary = finished.summary();
      double wall = (System.nanoTime() - started) / 1e9;
      System.out.printf(
          "simulate: %s, %d rounds, accuracy %s, F1 %s, max energy ratio %.3f, %.0f s -> %s%n",
          settings.schedule().policy(),
          finished.result().rounds().size(),
          summary.get("final_accuracy"),
          summary.get("final_f1"),
          (double) summary.get("max_energy_ratio"),
          wall,
          out.resolve("report.html"));
    }
  }
}
