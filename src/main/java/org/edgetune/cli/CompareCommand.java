package org.edgetune.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.edgetune.config.ConfigException;
import org.edgetune.data.CorpusLoader;
import org.edgetune.data.TrainTestSplit;
import org.edgetune.dashboard.LiveDashboard;
import org.edgetune.model.SplitLoraModel;
import org.edgetune.model.TextTokenizer;
import org.edgetune.report.CompareReport;
import org.edgetune.report.OutputDirectory;
import org.edgetune.report.RunLog;
import org.edgetune.schedule.Policies;
import org.edgetune.sim.RunResult;
import org.edgetune.sim.SimulationSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code edgetune compare}: the same simulation under several policies, paired: one seed, so the
 * placement, the fading, the mini-batches and any faults are identical and only the policy differs.
 */
@Command(
    name = "compare",
    mixinStandardHelpOptions = true,
    description = "Paired simulations of several scheduling policies, with one overlaid report.")
final class CompareCommand implements Callable<Integer> {

  @Mixin RunOptions options;

  @Mixin DashboardOptions dashboard;

  @Option(names = "--policies", split = ",", defaultValue = "lyapunov,myopic,random,full",
      description = "Comma-separated policies (default ${DEFAULT-VALUE}).")
  List<String> policies;

  @Override
  public Integer call() {
    long started = System.nanoTime();
    Config config = options.loadConfig(SimulateCommand.DEFAULT_SCENARIO);
    Map<String, SimulationSettings> byPolicy = new LinkedHashMap<>();
    for (String policy : policies) {
      if (!Policies.NAMES.contains(policy)) {
        throw new ConfigException("--policies holds '" + policy + "'; allowed: " + String.join(", ", Policies.NAMES));
      }
      byPolicy.put(policy, SimulationSettings.fromConfig(
          config.withValue("edgetune.schedule.policy", ConfigValueFactory.fromAnyRef(policy))));
    }
    SimulationSettings first = byPolicy.values().iterator().next();
    Path outDir = options.outputDirectory("compare");
    TrainTestSplit split = CorpusLoader.load(first.data(), first.seed());

    try (LiveDashboard live = dashboard.start();
        OutputDirectory out = new OutputDirectory(outDir);
        RunLog runLog = RunLog.attach(out.resolve("edgetune.log"), false);
        SplitLoraModel model = SplitLoraModel.load(first.model());
        TextTokenizer tokenizer = TextTokenizer.load(first.model())) {
      out.writeText("config.conf", RunOptions.render(config));
      Map<String, RunResult> results = new LinkedHashMap<>();
      Map<String, Map<String, Object>> summaries = new LinkedHashMap<>();
      for (var entry : byPolicy.entrySet()) {
        String policy = entry.getKey();
        SimulationSettings settings = entry.getValue();
        try (OutputDirectory runOut = new OutputDirectory(outDir.resolve(policy))) {
          SimulationOutputs.Finished finished =
              SimulationOutputs.run(System.nanoTime(), policy, settings, config, model, tokenizer, split, runOut, null,
                  live.watcher());
          results.put(policy, finished.result());
          summaries.put(policy, finished.summary());
        }
      }
      out.writeJson("compare.json", summaries);
      CompareReport.write(out, summaries, results);
      System.out.printf("compare: %d policies in %.0f s -> %s%n", results.size(),
          (System.nanoTime() - started) / 1e9, outDir.resolve("report.html"));
      summaries.forEach((policy, s) -> System.out.printf("  %-16s accuracy %s  F1 %s  max energy ratio %.3f  rounds to 90%% %s%n",
          policy, s.get("final_accuracy"), s.get("final_f1"), (double) s.get("max_energy_ratio"), s.get("rounds_to_90")));
    }
    return 0;
  }
}
