package org.edgetune.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.edgetune.assembly.RunInputs;
import org.edgetune.dashboard.LiveDashboard;
import org.edgetune.dashboard.RunWatcher;
import org.edgetune.data.CorpusLoader;
import org.edgetune.data.DataSettings;
import org.edgetune.data.TrainTestSplit;
import org.edgetune.experiment.ExperimentPlan;
import org.edgetune.experiment.ExperimentPlan.PlannedRun;
import org.edgetune.experiment.ExperimentSuite;
import org.edgetune.experiment.SweepFigure;
import org.edgetune.model.LabeledTokens;
import org.edgetune.model.SplitLoraModel;
import org.edgetune.model.TextTokenizer;
import org.edgetune.output.OutputDirectory;
import org.edgetune.privacy.PublicCorpus;
import org.edgetune.report.ExperimentReport;
import org.edgetune.report.RunLog;
import org.edgetune.sim.SimulationSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code edgetune experiment --suite FILE [--quick]}: the sweeps of a suite file with paired seeds.
 * Every distinct run executes once, one after another in this JVM with one loaded model, into
 * {@code OUT/runs/<id>/} with the files of {@code simulate} (or {@code centralized}); then the
 * figures (PNG with 95% confidence intervals, and the CSV of their numbers), {@code report.html}
 * and a summary table. A run that has its {@code summary.json} is not run again, so an interrupted
 * suite continues where it stopped when started again with the same {@code --out}.
 */
@Command(
    name = "experiment",
    mixinStandardHelpOptions = true,
    description =
        "Sweeps of a suite file (e.g. conf/experiments/paper.conf) with paired seeds: figures with "
            + "95%% confidence intervals, their CSVs, an HTML report and a summary table.")
final class ExperimentCommand implements Callable<Integer> {

  @Option(
      names = "--suite",
      required = true,
      description = "Suite file (HOCON, an experiment section).")
  Path suite;

  @Option(
      names = "--quick",
      description =
          "The suite's quick variant (its seeds and overrides): a smoke test "
              + "whose figures stay in the output directory.")
  boolean quick;

  @Option(
      names = "--out",
      description =
          "Output directory (default: runs/experiment-<time>). An earlier "
              + "experiment's directory continues: runs with a summary.json are kept.")
  Path out;

  @Option(
      names = "--overwrite",
      description = "Replace the files of an earlier run in --out instead of continuing it.")
  boolean overwrite;

  @Option(
      names = "--figures",
      description =
          "Also write the PNG and CSV files here, replacing files of the same "
              + "name (the README's figures: --figures docs/figures); not with --quick. Without it nothing is written "
              + "outside --out.")
  Path figures;

  @Mixin DashboardOptions dashboard;

  @Mixin ClasspathOption classpath = new ClasspathOption();

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    long started = System.nanoTime();
    if (quick && figures != null) {
      throw new BadInputException(
          "--figures is for full suites; a --quick run writes its figures only to --out");
    }
    ExperimentSuite suiteSettings = ExperimentSuite.load(suite);
    ExperimentPlan plan =
        ExperimentPlan.of(
            suiteSettings,
            quick,
            classpath.given()
                ? Map.of(
                    "edgetune.schedule.classpath",
                    com.typesafe.config.ConfigUtil.quoteString(classpath.classpath))
                : Map.of());
    plan.runs().forEach(run -> EverySection.validate(run.config(), false));
    Path outDir =
        out != null
            ? out
            : Path.of(
                "runs",
                "experiment-"
                    + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    OutputTarget target =
        Files.isRegularFile(outDir.resolve("suite.conf")) && !overwrite
            ? OutputTarget.continuing(outDir)
            : OutputTarget.check("--out", outDir, overwrite);
    if (figures != null) {
      if (Files.exists(figures) && !Files.isDirectory(figures)) {
        throw new BadInputException("--figures " + figures + " exists and is not a directory");
      }
      OutputTarget.checkAncestors("--figures", figures);
    }
    // The corpus is read now, once per distinct data section, so a bad archive fails before any
    // run.
    plan.runs().stream()
        .collect(Collectors.toMap(run -> run.settings().data(), PlannedRun::seed, (a, b) -> a))
        .forEach(CorpusLoader::load);
    // The audits' public text likewise (a deep cut's archive may be missing), once per distinct
    // audit.
    Map<List<Object>, PublicCorpus> publicTexts = new HashMap<>();
    if (suiteSettings.privacyAudit()) {
      plan.runs().stream()
          .filter(run -> !run.centralized() && run.settings().model().cut().deep())
          .forEach(run -> publicTexts.computeIfAbsent(publicKey(run), k -> publicText(run)));
    }
    Path runsDir = outDir.resolve("runs");
    Set<String> done = new HashSet<>();
    for (PlannedRun run : plan.runs()) {
      if (finished(runsDir.resolve(run.id()), run)
          && (!audits(suiteSettings, run) || audited(runsDir.resolve(run.id())))) {
        done.add(run.id());
      }
    }
    PrintWriter console = spec.commandLine().getOut();
    console.printf(
        "experiment: %d distinct runs (%d seeds), %d finished earlier -> %s%n",
        plan.runs().size(), plan.seeds().size(), done.size(), outDir);
    console.flush();

    if (figures != null) {
      // Made now, so that a directory that cannot be made fails before the first run, not after the
      // last.
      try {
        Files.createDirectories(figures);
      } catch (IOException e) {
        throw new BadInputException("--figures " + figures + " cannot be created: " + e, e);
      }
    }
    try (LiveDashboard live = dashboard.start()) {
      return target.write(
          outputs ->
              runAll(started, suiteSettings, plan, done, publicTexts, outputs, console, live));
    }
  }

  private int runAll(
      long started,
      ExperimentSuite suiteSettings,
      ExperimentPlan plan,
      Set<String> done,
      Map<List<Object>, PublicCorpus> publicTexts,
      OutputDirectory outputs,
      PrintWriter console,
      LiveDashboard live) {
    Path outDir = outputs.path();
    Path runsDir = outDir.resolve("runs");
    try (LoadedModels models = new LoadedModels()) {
      outputs.writeText("suite.conf", read(suite));
      Map<DataSettings, TrainTestSplit> corpus = new HashMap<>();
      long corpusSeed = Long.MIN_VALUE;
      int i = 0;
      for (PlannedRun run : plan.runs()) {
        String step = String.format("[%d/%d] %s", ++i, plan.runs().size(), run.id());
        if (done.contains(run.id())) {
          console.printf("%s: finished earlier, kept%n", step);
          console.flush();
          continue;
        }
        if (run.seed() != corpusSeed) {
          // Runs come seed by seed: one seed's splits are needed no more once the next one starts.
          corpus.clear();
          corpusSeed = run.seed();
        }
        SimulationSettings settings = run.settings();
        TrainTestSplit split =
            corpus.computeIfAbsent(settings.data(), data -> CorpusLoader.load(data, run.seed()));
        Path runDir = runsDir.resolve(run.id());
        LoadedModels.Loaded loaded = models.get(settings.model());
        SplitLoraModel model = loaded.model();
        TextTokenizer tokenizer = loaded.tokenizer();
        if (!finished(runDir, run)) {
          Map<String, Object> summary =
              execute(run, model, tokenizer, split, runDir, live.watcher());
          console.printf("%s: %s%n", step, outcome(summary));
          console.flush();
        }
        if (audits(suiteSettings, run)) {
          Map<String, Object> audit =
              audit(run, model, tokenizer, split, publicTexts.get(publicKey(run)), runDir);
          console.printf("%s: %s%n", step, auditOutcome(audit));
          console.flush();
        }
      }

      List<SweepFigure> results = new ArrayList<>();
      suiteSettings.sweeps().forEach(sweep -> results.addAll(SweepFigure.of(sweep, plan, runsDir)));
      List<String> intro =
          List.of(
              "Suite "
                  + suite
                  + (quick ? " with --quick (a smoke test: its numbers are not the study's)" : "")
                  + ": "
                  + plan.runs().size()
                  + " distinct runs over the paired seeds "
                  + plan.seeds()
                  + "; each figure shows the mean over the seeds with 95% confidence intervals (Student t, df = n − 1).",
              "Where a sweep names a reference, a second table gives every other series' paired difference to it: "
                  + "per seed the series' value minus the reference's, then the mean and 95% interval of those "
                  + "differences (pairing takes out what a seed does to every series alike).",
              "Per-run outputs (config.conf, metrics.jsonl, summary.json, report.html) are in runs/<id>/; the numbers "
                  + "behind each figure are in the CSV of the same name.");
      // Only this suite's own files count: another suite's figures in the same directory are
      // neither new nor replaced.
      List<Path> ownFigures =
          figures == null
              ? List.of()
              : ExperimentReport.figureFiles(results).stream().map(figures::resolve).toList();
      long replaced = ownFigures.stream().filter(Files::exists).count();
      String table =
          ExperimentReport.write(
              outputs,
              figures == null ? null : figuresDir(),
              "EdgeTune experiment",
              intro,
              results);
      console.print(table);
      if (figures != null) {
        console.printf(
            "%nexperiment: figures also written to %s (--figures): %d new, %d replaced%n",
            figures, ownFigures.size() - replaced, replaced);
      }
      console.printf(
          "%nexperiment: %d runs (%d run now, %d kept) in %.0f s -> %s%n",
          plan.runs().size(),
          plan.runs().size() - done.size(),
          done.size(),
          (System.nanoTime() - started) / 1e9,
          outDir.resolve("report.html"));
      console.flush();
    }
    return 0;
  }

  private Path figuresDir() {
    try {
      Files.createDirectories(figures);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + figures, e);
    }
    return figures;
  }

  /**
   * Runs one planned run from scratch into its directory (a partial earlier attempt is removed
   * first).
   */
  private static Map<String, Object> execute(
      PlannedRun run,
      SplitLoraModel model,
      TextTokenizer tokenizer,
      TrainTestSplit split,
      Path runDir,
      RunWatcher watcher) {
    OutputTarget.deleteTree(runDir);
    long started = System.nanoTime();
    SimulationSettings settings = run.settings();
    try (OutputDirectory runOut = new OutputDirectory(runDir);
        RunLog runLog = RunLog.attach(runOut.resolve("edgetune.log"), false)) {
      runOut.writeText("config.conf", RunOptions.render(run.config()));
      return run.centralized()
          ? CentralizedCommand.train(
              started,
              settings.seed(),
              settings.model(),
              settings.train(),
              model,
              tokenizer,
              split,
              runOut,
              run.id())
          : SimulationOutputs.run(
                  started,
                  run.id(),
                  new RunInputs(settings, run.config(), model, tokenizer, split),
                  runOut,
                  null,
                  watcher)
              .summary();
    }
  }

  private static boolean audits(ExperimentSuite suite, PlannedRun run) {
    return suite.privacyAudit() && !run.centralized();
  }

  private static boolean audited(Path runDir) {
    return Files.isRegularFile(runDir.resolve("privacy.json"));
  }

  /** What a run's audit learns its attacks from depends on these (and nothing else). */
  private static List<Object> publicKey(PlannedRun run) {
    SimulationSettings s = run.settings();
    return List.of(s.model().cut().deep(), s.privacy().audit(), s.data().source(), run.seed());
  }

  private static PublicCorpus publicText(PlannedRun run) {
    return PrivacyAuditRun.publicText(run.settings());
  }

  /**
   * The privacy audit of the state the run ended with (its newest checkpoint) on its test split,
   * into {@code privacy.json} and {@code privacy.html} beside its other files.
   */
  private static Map<String, Object> audit(
      PlannedRun run,
      SplitLoraModel model,
      TextTokenizer tokenizer,
      TrainTestSplit split,
      PublicCorpus publicText,
      Path runDir) {
    long started = System.nanoTime();
    SimulationSettings settings = run.settings();
    AuditedState state = AuditedState.lastCheckpoint(runDir, "run directory", settings, model);
    try (OutputDirectory runOut = new OutputDirectory(runDir)) {
      return PrivacyAuditRun.write(
          started,
          settings,
          model,
          tokenizer,
          LabeledTokens.of(split.test(), tokenizer),
          publicText,
          state,
          runOut,
          "privacy.html");
    }
  }

  @SuppressWarnings("unchecked")
  private static String auditOutcome(Map<String, Object> audit) {
    Map<String, Object> r = (Map<String, Object>) audit.get("result");
    return String.format(
        "audit: token recovery %.4f (%s), labels from the gradient %.4f, from the features %.4f, %.0f s",
        (double) r.get("token_recovery_rate"),
        r.get("token_attack"),
        (double) r.get("gradient_label_recovery_rate"),
        (double) r.get("feature_label_recovery_rate"),
        (double) audit.get("wall_seconds"));
  }

  /**
   * Whether the run finished earlier: it has its summary. A finished run whose config differs from
   * the plan's belongs to another suite, and mixing the two is refused before anything runs.
   */
  private static boolean finished(Path runDir, PlannedRun run) {
    if (!Files.exists(runDir.resolve("summary.json"))) {
      return false;
    }
    Path config = runDir.resolve("config.conf");
    if (!Files.isRegularFile(config) || !read(config).equals(RunOptions.render(run.config()))) {
      throw new BadInputException(
          runDir
              + " holds a finished run with another configuration than this suite's; "
              + "choose another --out");
    }
    return true;
  }

  private static String outcome(Map<String, Object> summary) {
    String common =
        String.format(
            "accuracy %.4f, F1 %.4f",
            (Double) summary.get("final_accuracy"), (Double) summary.get("final_f1"));
    if (summary.containsKey("max_energy_ratio")) {
      common +=
          String.format(
              ", max energy ratio %.3f, mean N_t %.2f",
              (double) summary.get("max_energy_ratio"), (double) summary.get("mean_scheduled"));
    }
    return common + String.format(", %.0f s", (double) summary.get("wall_seconds"));
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
