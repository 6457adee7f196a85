package org.edgetune.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.edgetune.assembly.RunInputs;
import org.edgetune.checkpoint.CannotResumeException;
import org.edgetune.checkpoint.CheckpointStore;
import org.edgetune.checkpoint.ConfigGuard;
import org.edgetune.config.ConfigLoader;
import org.edgetune.dashboard.LiveDashboard;
import org.edgetune.data.CorpusLoader;
import org.edgetune.data.TrainTestSplit;
import org.edgetune.model.SplitLoraModel;
import org.edgetune.model.TextTokenizer;
import org.edgetune.output.OutputDirectory;
import org.edgetune.report.CompareReport;
import org.edgetune.report.RunLog;
import org.edgetune.schedule.Policies;
import org.edgetune.sim.ResumePoint;
import org.edgetune.sim.RoundRecord;
import org.edgetune.sim.RunResult;
import org.edgetune.sim.SimulationSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code edgetune compare}: the same simulation under several policies, paired: one seed, so the
 * placement, the fading, the mini-batches and any faults are identical and only the policy differs.
 * Each policy runs into {@code OUT/<policy>/} with checkpoints; {@code --resume} keeps the finished
 * policies, continues a stopped one from its last valid checkpoint and runs the rest.
 */
@Command(
    name = "compare",
    mixinStandardHelpOptions = true,
    description = "Paired simulations of several scheduling policies, with one overlaid report.")
final class CompareCommand implements Callable<Integer> {

  private static final Logger log = LoggerFactory.getLogger(CompareCommand.class);

  /** The policies of a comparison, in order, one per line: what --resume continues. */
  private static final String POLICIES_FILE = "policies.txt";

  @Mixin RunOptions options;

  @Mixin DashboardOptions dashboard;

  @Option(
      names = "--policies",
      split = ",",
      defaultValue = "lyapunov,myopic,random,full",
      description = "Comma-separated policies (default ${DEFAULT-VALUE}).")
  List<String> policies;

  @Option(
      names = "--resume",
      description =
          "Continue the stopped comparison in --out with the config.conf and "
              + "policies it wrote: finished policies are kept, a stopped one continues from its last valid checkpoint.")
  boolean resume;

  /** How far one policy's run in the output directory got, found before anything is written. */
  private record PolicyRun(
      String policy, SimulationSettings settings, Path dir, boolean finished, ResumePoint from) {}

  @Override
  public Integer call() {
    long started = System.nanoTime();
    Path resumeDir = resume ? options.resumeDirectory() : null;
    Config config =
        resume
            ? ConfigLoader.load(resumeDir.resolve("config.conf"), List.of())
            : options.loadConfig(SimulateCommand.DEFAULT_SCENARIO);
    EverySection.validate(config, false);
    List<String> names = resume ? readPolicies(resumeDir) : policies;
    Map<String, SimulationSettings> byPolicy = new LinkedHashMap<>();
    for (String policy : names) {
      if (!Policies.isKnown(policy)) {
        throw new BadInputException(
            "--policies holds '"
                + policy
                + "'; allowed: "
                + String.join(", ", Policies.NAMES)
                + ", or class:NAME (with --classpath)");
      }
      if (byPolicy.containsKey(policy)) {
        throw new BadInputException("--policies names '" + policy + "' twice");
      }
      byPolicy.put(
          policy,
          SimulationSettings.fromConfig(
              config.withValue("edgetune.schedule.policy", ConfigValueFactory.fromAnyRef(policy))));
    }
    if (byPolicy.isEmpty()) {
      throw new BadInputException(
          "--policies names no policy; give one or more of: " + String.join(", ", Policies.NAMES));
    }
    SimulationSettings first = byPolicy.values().iterator().next();
    OutputTarget target =
        resume ? OutputTarget.continuing(resumeDir) : options.outputTarget("compare");
    List<PolicyRun> runs = new ArrayList<>();
    byPolicy.forEach(
        (policy, settings) ->
            runs.add(
                resume
                    ? stoppedRun(resumeDir, policy, settings)
                    : new PolicyRun(policy, settings, target.path().resolve(policy), false, null)));
    TrainTestSplit split = CorpusLoader.load(first.data(), first.seed());

    try (LiveDashboard live = dashboard.start()) {
      return target.write(out -> run(started, config, runs, first, split, out, live));
    }
  }

  private int run(
      long started,
      Config config,
      List<PolicyRun> runs,
      SimulationSettings first,
      TrainTestSplit split,
      OutputDirectory out,
      LiveDashboard live) {
    Path outDir = out.path();
    try (RunLog runLog = RunLog.attach(out.resolve("edgetune.log"), resume);
        SplitLoraModel model = SplitLoraModel.load(first.model());
        TextTokenizer tokenizer = TextTokenizer.load(first.model())) {
      String rendered = RunOptions.render(config);
      if (!resume) {
        out.writeText("config.conf", rendered);
        out.writeText(
            POLICIES_FILE, String.join("\n", runs.stream().map(PolicyRun::policy).toList()) + "\n");
      }
      Map<String, RunResult> results = new LinkedHashMap<>();
      Map<String, Map<String, Object>> summaries = new LinkedHashMap<>();
      for (PolicyRun run : runs) {
        if (run.finished()) {
          summaries.put(run.policy(), readSummary(run.dir()));
          results.put(
              run.policy(),
              new RunResult(readRounds(run.dir()), null, run.settings().devices(), 0));
          System.out.printf("compare: %s finished earlier, kept%n", run.policy());
          continue;
        }
        if (run.from() == null) {
          OutputTarget.deleteTree(run.dir());
        }
        try (OutputDirectory runOut = new OutputDirectory(run.dir())) {
          if (run.from() == null) {
            ConfigGuard.record(
                CheckpointStore.ofRun(run.dir(), run.settings().checkpoint()), rendered);
          } else {
            runOut.removeTempFiles();
            log.info(
                "{}: resuming from round {} (checkpoint {})",
                run.policy(),
                run.from().checkpoint().nextRound(),
                run.from().file());
          }
          SimulationOutputs.Finished finished =
              SimulationOutputs.run(
                  System.nanoTime(),
                  run.policy(),
                  new RunInputs(run.settings(), config, model, tokenizer, split),
                  runOut,
                  run.from(),
                  live.watcher());
          results.put(run.policy(), finished.result());
          summaries.put(run.policy(), finished.summary());
        }
      }
      out.writeJson("compare.json", summaries);
      CompareReport.write(out, summaries, results);
      System.out.printf(
          "compare: %d policies in %.0f s -> %s%n",
          results.size(), (System.nanoTime() - started) / 1e9, outDir.resolve("report.html"));
      summaries.forEach(
          (policy, s) ->
              System.out.printf(
                  "  %-16s accuracy %s  F1 %s  max energy ratio %.3f  rounds to 90%% %s%n",
                  policy,
                  s.get("final_accuracy"),
                  s.get("final_f1"),
                  (double) s.get("max_energy_ratio"),
                  s.get("rounds_to_90")));
    }
    return 0;
  }

  /**
   * What a stopped comparison holds for one policy: its summary (finished), a checkpoint to
   * continue from (checked against config.conf), or nothing usable (it runs again from its start).
   */
  private static PolicyRun stoppedRun(Path outDir, String policy, SimulationSettings settings) {
    Path dir = outDir.resolve(policy);
    if (Files.exists(dir.resolve("summary.json"))) {
      return new PolicyRun(policy, settings, dir, true, null);
    }
    CheckpointStore store = CheckpointStore.ofRun(dir, settings.checkpoint());
    if (!Files.isDirectory(dir) || store.isEmpty()) {
      return new PolicyRun(policy, settings, dir, false, null);
    }
    ConfigGuard.check(store, outDir.resolve("config.conf"));
    try (OutputDirectory out = new OutputDirectory(dir)) {
      return new PolicyRun(policy, settings, dir, false, ResumePoint.find(out, store));
    }
  }

  private static List<String> readPolicies(Path outDir) {
    Path file = outDir.resolve(POLICIES_FILE);
    if (!Files.isRegularFile(file)) {
      throw new CannotResumeException(
          "cannot resume: " + outDir + " holds no " + POLICIES_FILE + " of a comparison");
    }
    try {
      return Files.readAllLines(file).stream()
          .map(String::strip)
          .filter(line -> !line.isEmpty())
          .toList();
    } catch (IOException e) {
      throw new CannotResumeException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static Map<String, Object> readSummary(Path dir) {
    try {
      return OutputDirectory.JSON.readValue(
          dir.resolve("summary.json").toFile(), new TypeReference<>() {});
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + dir.resolve("summary.json"), e);
    }
  }

  private static List<RoundRecord> readRounds(Path dir) {
    try {
      List<RoundRecord> rounds = new ArrayList<>();
      for (String line : Files.readAllLines(dir.resolve("metrics.jsonl"))) {
        rounds.add(OutputDirectory.JSON.readValue(line, RoundRecord.class));
      }
      return rounds;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + dir.resolve("metrics.jsonl"), e);
    }
  }
}
