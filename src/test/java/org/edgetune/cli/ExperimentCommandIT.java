package org.edgetune.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.edgetune.testing.TestCorpus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A tiny suite end to end on the committed corpus fixture (4 devices, 2 rounds, 2 seeds, 2 points
 * per sweep): the shared run executes once, the CSVs hold what the runs' summaries and metrics say
 * (read here independently, the interval computed with the tabled t₀.₉₇₅(1) = 12.7062), and a
 * second invocation keeps the finished runs and runs only the one whose summary is missing.
 */
class ExperimentCommandIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final double T_975_DF1 = 12.7062047;

  @Test
  void tinySuiteEndToEnd(@TempDir Path tmp) throws Exception {
    Path suite = tmp.resolve("tiny.conf");
    Files.writeString(
        suite,
        """
        experiment {
          scenario = ""
          set {
            edgetune.data.archive = "%s"
            edgetune.data.partition = iid
            edgetune.wireless.devices = 4
            edgetune.schedule.rounds = 2
            edgetune.federated.eval-every = 1
            edgetune.federated.report-timeout-s = 2
            edgetune.federated.round-timeout-s = 60
          }
          seeds = [1, 2]
          quick { seeds = [1, 2], set { edgetune.schedule.rounds = 1 } }
          sweeps = [
            { name = curves, kind = rounds, title = "Accuracy", metrics = [accuracy, n_scheduled],
              policies = [lyapunov, random] }
            { name = budget, kind = parameter, title = "Budget", metrics = [final_accuracy, avg_energy_j],
              policies = [lyapunov], key = edgetune.schedule.energy-budget-j, values = [0.03, 0.3] }
            { name = training, kind = variants, title = "Training", metrics = [final_accuracy], variants = [
                { label = "split federated LoRA" }, { label = "centralized LoRA", centralized = true },
                { label = "head only", set { edgetune.train.trainable = head } } ],
              reference = "split federated LoRA" }
          ]
        }
        """
            .formatted(TestCorpus.spamFixture()));
    Path out = tmp.resolve("out");
    Path figures = tmp.resolve("figures");
    String[] args = {
      "experiment",
      "--suite",
      suite.toString(),
      "--out",
      out.toString(),
      "--figures",
      figures.toString()
    };

    // Another suite's figure in the same directory: neither new nor replaced by this suite.
    Files.createDirectories(figures);
    Files.writeString(figures.resolve("experiment-other-suite.csv"), "other\n");

    String first = run(args);
    assertThat(first).contains("(--figures): 10 new, 0 replaced");
    List<String> executed = runLines(first, ": accuracy");
    // Per seed: lyapunov (curves, budget at 0.03 and the federated variant), random, lyapunov at
    // 0.3, centralized, head only.
    assertThat(executed)
        .hasSize(10)
        .doesNotHaveDuplicates()
        .contains(
            "lyapunov_seed-1",
            "lyapunov_seed-2",
            "random_seed-1",
            "lyapunov_energy-budget-j-0.3_seed-2",
            "centralized_seed-1",
            "lyapunov_trainable-head_seed-2");
    try (Stream<Path> runs = Files.list(out.resolve("runs"))) {
      assertThat(runs.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrderElementsOf(executed);
    }
    assertThat(summary(out, "lyapunov_trainable-head_seed-1").get("trainable").asText())
        .isEqualTo("head");
    assertThat(summary(out, "centralized_seed-1").get("mode").asText()).isEqualTo("centralized");

    // Parameter sweep: the base point is the shared lyapunov run.
    Map<String, List<String>> budget = csv(out.resolve("experiment-budget-final-accuracy.csv"));
    checkSummaries(budget.get("lyapunov,0.03"), out, "lyapunov", "final_accuracy");
    checkSummaries(
        budget.get("lyapunov,0.3"), out, "lyapunov_energy-budget-j-0.3", "final_accuracy");
    Map<String, List<String>> energy = csv(out.resolve("experiment-budget-avg-energy-j.csv"));
    checkSummaries(energy.get("lyapunov,0.3"), out, "lyapunov_energy-budget-j-0.3", "avg_energy_j");
    Map<String, List<String>> training = csv(out.resolve("experiment-training-final-accuracy.csv"));
    checkSummaries(
        training.get("centralized LoRA,centralized LoRA"), out, "centralized", "final_accuracy");
    checkSummaries(
        training.get("head only,head only"), out, "lyapunov_trainable-head", "final_accuracy");
    // The paired difference to the reference: the mean over seeds of head-only minus split LoRA.
    double difference = 0;
    for (String seed : List.of("_seed-1", "_seed-2")) {
      difference +=
          (field(out, "lyapunov_trainable-head" + seed, "final_accuracy")
                  - field(out, "lyapunov" + seed, "final_accuracy"))
              / 2;
    }
    assertThat(Double.parseDouble(training.get("head only,head only").get(9)))
        .isCloseTo(difference, within(1e-12));
    assertThat(training.get("split federated LoRA,split federated LoRA").get(9)).isEmpty();

    // Per-round sweep: from metrics.jsonl; the last round's accuracy is the summary's.
    Map<String, List<String>> curves = csv(out.resolve("experiment-curves-accuracy.csv"));
    assertThat(curves.keySet()).containsExactly("lyapunov,1", "lyapunov,2", "random,1", "random,2");
    checkRounds(curves.get("random,1"), out, "random", 0, "accuracy");
    checkSummaries(curves.get("random,2"), out, "random", "final_accuracy");
    checkRounds(
        csv(out.resolve("experiment-curves-n-scheduled.csv")).get("lyapunov,2"),
        out,
        "lyapunov",
        1,
        "n_scheduled");

    List<String> names =
        List.of(
            "curves-accuracy",
            "curves-n-scheduled",
            "budget-final-accuracy",
            "budget-avg-energy-j",
            "training-final-accuracy");
    for (String name : names) {
      assertThat(out.resolve("experiment-" + name + ".png")).isNotEmptyFile();
      assertThat(figures.resolve("experiment-" + name + ".png")).isNotEmptyFile();
      assertThat(figures.resolve("experiment-" + name + ".csv"))
          .hasSameTextualContentAs(out.resolve("experiment-" + name + ".csv"));
    }
    String html = Files.readString(out.resolve("report.html"));
    assertThat(html.split("<img ", -1)).hasSize(names.size() + 1);
    assertThat(first).contains("experiment-budget-final-accuracy: Budget — final accuracy");

    // Interrupted suite: one run lost its summary. Only that one runs again; the rest are kept.
    String keptSummary = Files.readString(out.resolve("runs/lyapunov_seed-1/summary.json"));
    Files.delete(out.resolve("runs/random_seed-2/summary.json"));
    String second = run(args);
    assertThat(second).contains("(--figures): 0 new, 10 replaced");
    assertThat(figures.resolve("experiment-other-suite.csv")).hasContent("other");
    assertThat(runLines(second, ": accuracy")).containsExactly("random_seed-2");
    assertThat(runLines(second, ": finished earlier, kept")).hasSize(9);
    assertThat(Files.readString(out.resolve("runs/lyapunov_seed-1/summary.json")))
        .isEqualTo(keptSummary);
    assertThat(out.resolve("runs/random_seed-2/summary.json")).isNotEmptyFile();
  }

  /**
   * Issue 14: an audited suite at a deep cut (n = 1, 16-token sequences to keep it short). Each run
   * is followed by a privacy audit of the state its newest checkpoint holds; the figure's CSV holds
   * the audits' strongest-attack rates; the headline is the best of the three token attacks; the
   * same state audited by {@code privacy-audit --state} gives the same numbers; and a run whose
   * audit is missing is audited again without being trained again.
   */
  @Test
  void auditedSuiteAuditsTheTrainedStateOfEveryRun(@TempDir Path tmp) throws Exception {
    Path suite = tmp.resolve("audited.conf");
    Files.writeString(
        suite,
        """
        experiment {
          scenario = ""
          privacy-audit = true
          set {
            edgetune.data.archive = "%s"
            edgetune.data.partition = iid
            edgetune.data.max-test-examples = 12
            edgetune.model.max-length = 16
            edgetune.model.device-layers = 1
            edgetune.privacy.audit.public-texts = 20
            edgetune.wireless.devices = 4
            edgetune.schedule.policy = full
            edgetune.schedule.rounds = 2
            edgetune.federated.eval-every = 2
            edgetune.federated.report-timeout-s = 2
            edgetune.federated.round-timeout-s = 60
          }
          seeds = [1, 2]
          quick { seeds = [1, 2], set {} }
          sweeps = [
            { name = privacy, kind = variants, title = "Privacy",
              metrics = [token_recovery_rate, gradient_label_recovery_rate, final_accuracy],
              variants = [ { label = "n=1" } ] }
          ]
        }
        """
            .formatted(TestCorpus.spamFixture()));
    Path out = tmp.resolve("out");
    String[] args = {"experiment", "--suite", suite.toString(), "--out", out.toString()};

    String first = run(args);
    assertThat(runLines(first, ": accuracy")).containsExactly("full_seed-1", "full_seed-2");
    assertThat(runLines(first, ": audit:")).containsExactly("full_seed-1", "full_seed-2");
    for (String run : List.of("full_seed-1", "full_seed-2")) {
      JsonNode audit = privacy(out, run);
      assertThat(audit.at("/setting/device_layers").asInt()).isEqualTo(1);
      assertThat(audit.at("/setting/model_state").asText())
          .startsWith("after 2 rounds: the run's newest checkpoint");
      JsonNode attacks = audit.get("token_attacks");
      assertThat(attacks.size()).isEqualTo(3);
      double best = 0;
      for (JsonNode attack : attacks) {
        best = Math.max(best, attack.get("token_recovery_rate").asDouble());
      }
      JsonNode result = audit.get("result");
      assertThat(result.get("token_recovery_rate").asDouble()).isEqualTo(best);
      assertThat(
              attacks
                  .get(result.get("token_attack").asText())
                  .get("token_recovery_rate")
                  .asDouble())
          .isEqualTo(best);
      assertThat(result.get("texts").asInt()).isEqualTo(12);
      assertThat(out.resolve("runs").resolve(run).resolve("privacy.html")).isNotEmptyFile();
    }
    Map<String, List<String>> tokens =
        csv(out.resolve("experiment-privacy-token-recovery-rate.csv"));
    checkRow(
        tokens.get("n=1,n=1"),
        privacy(out, "full_seed-1").at("/result/token_recovery_rate").asDouble(),
        privacy(out, "full_seed-2").at("/result/token_recovery_rate").asDouble());

    // The same state through the command: privacy-audit --state with the run's own config.
    Path runDir = out.resolve("runs/full_seed-1");
    Path alone = tmp.resolve("alone");
    run(
        "privacy-audit",
        "--config",
        runDir.resolve("config.conf").toString(),
        "--state",
        runDir.toString(),
        "--out",
        alone.toString());
    JsonNode standalone = JSON.readTree(alone.resolve("privacy.json").toFile());
    assertThat(standalone.get("result")).isEqualTo(privacy(out, "full_seed-1").get("result"));
    assertThat(standalone.get("token_attacks"))
        .isEqualTo(privacy(out, "full_seed-1").get("token_attacks"));

    // A lost audit is redone; the training is kept.
    String keptSummary = Files.readString(runDir.resolve("summary.json"));
    Files.delete(out.resolve("runs/full_seed-2/privacy.json"));
    String second = run(args);
    assertThat(runLines(second, ": accuracy")).isEmpty();
    assertThat(runLines(second, ": audit:")).containsExactly("full_seed-2");
    assertThat(runLines(second, ": finished earlier, kept")).containsExactly("full_seed-1");
    assertThat(Files.readString(runDir.resolve("summary.json"))).isEqualTo(keptSummary);
  }

  private static JsonNode privacy(Path out, String run) throws Exception {
    return JSON.readTree(out.resolve("runs").resolve(run).resolve("privacy.json").toFile());
  }

  /** The row against a summary field of the runs {@code <prefix>_seed-1} and {@code _seed-2}. */
  private static void checkSummaries(List<String> row, Path out, String prefix, String name)
      throws Exception {
    checkRow(row, field(out, prefix + "_seed-1", name), field(out, prefix + "_seed-2", name));
  }

  /** The row against a field of one round of {@code metrics.jsonl} of the two seeds' runs. */
  private static void checkRounds(List<String> row, Path out, String prefix, int round, String name)
      throws Exception {
    checkRow(
        row,
        roundField(out, prefix + "_seed-1", round, name),
        roundField(out, prefix + "_seed-2", round, name));
  }

  /** The row's n, mean, half-width and per-seed values against two independently read values. */
  private static void checkRow(List<String> row, double a, double b) {
    assertThat(row).as("CSV row").isNotNull();
    assertThat(Integer.parseInt(row.get(2))).isEqualTo(2);
    assertThat(Double.parseDouble(row.get(3))).isCloseTo((a + b) / 2, within(1e-12));
    // n = 2: s = |a − b| / √2, so s / √n = |a − b| / 2.
    assertThat(Double.parseDouble(row.get(4)))
        .isCloseTo(T_975_DF1 * Math.abs(a - b) / 2, within(1e-6));
    assertThat(Double.parseDouble(row.get(7))).isEqualTo(a);
    assertThat(Double.parseDouble(row.get(8))).isEqualTo(b);
  }

  private static String run(String... args) {
    CommandLine cli = Main.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int exit = cli.execute(args);
    assertThat(exit).as("exit code; stderr: %s", err).isEqualTo(0);
    return out.toString();
  }

  /** The run ids of the progress lines that end with the given text. */
  private static List<String> runLines(String output, String marker) {
    List<String> ids = new ArrayList<>();
    output
        .lines()
        .filter(l -> l.startsWith("[") && l.contains(marker))
        .forEach(l -> ids.add(l.substring(l.indexOf("] ") + 2, l.indexOf(": "))));
    return ids;
  }

  /** CSV rows keyed by "series,x" (no quoted cells in this suite's labels). */
  private static Map<String, List<String>> csv(Path file) throws Exception {
    List<String> lines = Files.readAllLines(file);
    assertThat(lines.get(0))
        .containsPattern(",n,mean,ci95_half_width,ci95_low,ci95_high,seed 1,seed 2(,|$)");
    Map<String, List<String>> rows = new LinkedHashMap<>();
    for (String line : lines.subList(1, lines.size())) {
      List<String> cells = List.of(line.split(",", -1));
      rows.put(cells.get(0) + "," + cells.get(1), cells);
    }
    return rows;
  }

  private static JsonNode summary(Path out, String run) throws Exception {
    return JSON.readTree(out.resolve("runs").resolve(run).resolve("summary.json").toFile());
  }

  /** A summary field; an array (energy per device) counts with its mean. */
  private static double field(Path out, String run, String name) throws Exception {
    JsonNode value = summary(out, run).get(name);
    if (!value.isArray()) {
      return value.asDouble();
    }
    double sum = 0;
    for (JsonNode e : value) {
      sum += e.asDouble();
    }
    return sum / value.size();
  }

  private static double roundField(Path out, String run, int round, String name) throws Exception {
    List<String> lines =
        Files.readAllLines(out.resolve("runs").resolve(run).resolve("metrics.jsonl"));
    return JSON.readTree(lines.get(round)).get(name).asDouble();
  }
}
