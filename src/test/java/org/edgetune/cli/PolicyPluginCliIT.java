package org.edgetune.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.edgetune.config.ConfigLoader;
import org.edgetune.model.OnnxBert;
import org.edgetune.output.OutputDirectory;
import org.edgetune.schedule.Grant;
import org.edgetune.schedule.ScheduleSimulation;
import org.edgetune.schedule.hostile.MisbehavingPolicy;
import org.edgetune.schedule.hostile.OverbookingPolicy;
import org.edgetune.schedule.hostile.SlowPolicy;
import org.edgetune.schedule.hostile.ThrowingPolicy;
import org.edgetune.sim.SimulationSettings;
import org.edgetune.testing.ChildJvm;
import org.edgetune.testing.ExamplePolicyJar;
import org.edgetune.testing.TestCorpus;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A policy of one's own from the command line: the example policy built into a jar runs with {@code
 * --classpath} (and {@code EDGETUNE_CLASSPATH}) and {@code class:}; a policy that fails a round
 * stops the run with one line naming it and the round, keeping the checkpoints; a class that cannot
 * be used is bad input with nothing written.
 */
class PolicyPluginCliIT {

  private static final String EXAMPLE =
      "edgetune.schedule.policy=\"class:" + ExamplePolicyJar.CLASS + "\"";
  private static final int ROUNDS = 4;

  @TempDir static Path shared;
  private static Path jar;

  @BeforeAll
  static void build() throws IOException {
    jar = ExamplePolicyJar.build(shared.resolve("example"));
  }

  /**
   * The committed corpus fixture, the real model, 4 devices, a few rounds of a few seconds each.
   */
  private static List<String> simulate(Path out, String policy, String... more) {
    List<String> args = new ArrayList<>(List.of("simulate", "--out", out.toString()));
    List<String> sets =
        new ArrayList<>(
            List.of(
                "edgetune.data.archive=\"" + TestCorpus.spamFixture() + "\"",
                "edgetune.data.partition=iid",
                "edgetune.wireless.devices=4",
                "edgetune.schedule.rounds=" + ROUNDS,
                "edgetune.federated.eval-every=2",
                "edgetune.federated.report-timeout-s=5",
                "edgetune.federated.round-timeout-s=120",
                policy));
    sets.addAll(List.of(more));
    sets.forEach(s -> args.addAll(List.of("--set", s)));
    return args;
  }

  @Test
  void aSimulationRunsTheExamplePolicyAndItsMetricsShowItsChoices(@TempDir Path tmp)
      throws IOException {
    Path out = tmp.resolve("run");
    List<String> args = simulate(out, EXAMPLE);
    args.addAll(List.of("--classpath", jar.toString()));
    CliRun run = CliRun.of(args.toArray(String[]::new));
    assertThat(run.exit()).as(run.err()).isZero();

    JsonNode summary = OutputDirectory.JSON.readTree(out.resolve("summary.json").toFile());
    assertThat(summary.get("policy").asText()).isEqualTo("class:" + ExamplePolicyJar.CLASS);
    assertThat(Files.readString(out.resolve("config.conf"))).contains(jar.toString());

    // The same cell, seed and policy without actors or training: the grants the run recorded are
    // the ones the policy makes from the same channel draws.
    SimulationSettings settings =
        SimulationSettings.fromConfig(ConfigLoader.load(out.resolve("config.conf"), List.of()));
    List<List<Grant>> expected = new ArrayList<>();
    new ScheduleSimulation(
            settings.wirelessFor(OnnxBert.read(settings.model().model()).dims()),
            settings.schedule(),
            settings.seed())
        .run(outcome -> expected.add(outcome.grants()));
    List<JsonNode> lines = metrics(out);
    assertThat(lines).hasSize(ROUNDS);
    int scheduled = 0;
    for (int t = 0; t < ROUNDS; t++) {
      JsonNode line = lines.get(t);
      assertThat(line.get("reported").asInt())
          .as("every device reported in round %d", t)
          .isEqualTo(4);
      List<Integer> devices = new ArrayList<>();
      line.get("scheduled").forEach(d -> devices.add(d.asInt()));
      List<Double> shares = new ArrayList<>();
      line.get("shares").forEach(s -> shares.add(s.asDouble()));
      assertThat(devices)
          .as("round %d", t)
          .isEqualTo(expected.get(t).stream().map(Grant::device).toList());
      assertThat(shares)
          .as("equal shares")
          .allSatisfy(s -> assertThat(s).isEqualTo(1.0 / devices.size()));
      scheduled += devices.size();
    }
    assertThat(scheduled).as("the policy scheduled someone").isPositive();
  }

  @Test
  void aPolicyThatFailsARoundStopsTheRunNamingItAndTheRoundAndKeepsTheCheckpoints(@TempDir Path tmp)
      throws IOException {
    record Case(Class<? extends MisbehavingPolicy> policy, String what) {}
    for (Case c :
        List.of(
            new Case(
                ThrowingPolicy.class, "threw java.lang.IllegalStateException: no decision today"),
            new Case(
                SlowPolicy.class,
                "took longer than its timeout of 300 ms (edgetune.schedule.plugin-timeout-ms)"),
            new Case(OverbookingPolicy.class, "granted shares summing to 1.2 > 1"))) {
      Path out = tmp.resolve(c.policy().getSimpleName());
      CliRun run =
          CliRun.of(
              simulate(
                      out,
                      "edgetune.schedule.policy=\"class:" + c.policy().getName() + "\"",
                      "edgetune.schedule.plugin-timeout-ms=300")
                  .toArray(String[]::new));
      assertThat(run.exit()).as(run.err()).isEqualTo(Main.EXIT_RUN_FAILED);
      assertThat(run.err().strip())
          .isEqualTo(
              "edgetune: policy class:"
                  + c.policy().getName()
                  + " failed in round "
                  + MisbehavingPolicy.FAIL_ROUND
                  + ": "
                  + c.what()
                  + "; the run stops here, and the checkpoints of the rounds before are kept");
      assertThat(metrics(out))
          .as("the rounds before the failure")
          .hasSize(MisbehavingPolicy.FAIL_ROUND);
      assertThat(checkpoints(out)).containsExactly("round-000000.ckpt", "round-000001.ckpt");
      assertThat(out.resolve("summary.json")).doesNotExist();
    }
    // The kept checkpoints are usable: --resume continues from round 2 with the policy named in
    // config.conf, which fails there again the same way.
    Path throwing = tmp.resolve(ThrowingPolicy.class.getSimpleName());
    CliRun resumed = CliRun.of("simulate", "--resume", "--out", throwing.toString());
    assertThat(resumed.exit()).as(resumed.err()).isEqualTo(Main.EXIT_RUN_FAILED);
    assertThat(resumed.err())
        .contains("policy class:" + ThrowingPolicy.class.getName() + " failed in round 2: threw");
    assertThat(metrics(throwing)).hasSize(MisbehavingPolicy.FAIL_ROUND);
  }

  @Test
  void aClassThatCannotBeUsedIsBadInputAndNothingIsWritten(@TempDir Path tmp) {
    Path out = tmp.resolve("never");
    String missing = "edgetune.schedule.policy=\"class:com.example.NoSuchPolicy\"";
    List<List<String>> commands =
        List.of(
            withClasspath(simulate(out, missing), jar.toString()),
            withClasspath(simulate(out, EXAMPLE), tmp.resolve("no.jar").toString()),
            simulate(out, EXAMPLE),
            List.of(
                "schedule-sim",
                "--out",
                out.toString(),
                "--classpath",
                jar.toString(),
                "--policy",
                "class:com.example.NoSuchPolicy"),
            List.of(
                "compare",
                "--out",
                out.toString(),
                "--classpath",
                jar.toString(),
                "--policies",
                "lyapunov,class:com.example.NoSuchPolicy"));
    List<String> expected =
        List.of(
            "class com.example.NoSuchPolicy not found; searched the classpath [" + jar + "]",
            "classpath entry " + tmp.resolve("no.jar") + " does not exist",
            // Without --classpath the example's class is nowhere to be found (it is not on the
            // test's classpath).
            "class " + ExamplePolicyJar.CLASS + " not found; searched the classpath []",
            "class com.example.NoSuchPolicy not found; searched the classpath [" + jar + "]",
            "class com.example.NoSuchPolicy not found; searched the classpath [" + jar + "]");
    for (int i = 0; i < commands.size(); i++) {
      CliRun run = CliRun.of(commands.get(i).toArray(String[]::new));
      assertThat(run.exit()).as(run.err()).isEqualTo(Main.EXIT_BAD_INPUT);
      assertThat(run.err().strip())
          .doesNotContain("\n")
          .startsWith("edgetune: ")
          .contains(expected.get(i));
      assertThat(out).as("nothing written").doesNotExist();
    }
  }

  @Test
  void theEnvironmentVariableIsTheDefaultClasspath(@TempDir Path tmp) throws Exception {
    Path out = tmp.resolve("sched");
    Process child =
        ChildJvm.start(
            tmp.resolve("child.log"),
            List.of(
                "schedule-sim",
                "--out",
                out.toString(),
                "--devices",
                "8",
                "--rounds",
                "30",
                "--policy",
                "class:" + ExamplePolicyJar.CLASS),
            List.of(),
            java.util.Map.of("EDGETUNE_CLASSPATH", tmp.resolve("nothing-here") + ":" + jar));
    try {
      assertThat(child.waitFor(300, TimeUnit.SECONDS)).isTrue();
    } finally {
      child.destroyForcibly();
    }
    String log = Files.readString(tmp.resolve("child.log"));
    // The first entry is missing: refused, naming it.
    assertThat(child.exitValue()).as(log).isEqualTo(Main.EXIT_BAD_INPUT);
    assertThat(log).contains("classpath entry " + tmp.resolve("nothing-here") + " does not exist");

    Process fixed =
        ChildJvm.start(
            tmp.resolve("child2.log"),
            List.of(
                "schedule-sim",
                "--out",
                out.toString(),
                "--devices",
                "8",
                "--rounds",
                "30",
                "--policy",
                "class:" + ExamplePolicyJar.CLASS),
            List.of(),
            java.util.Map.of("EDGETUNE_CLASSPATH", jar.toString()));
    try {
      assertThat(fixed.waitFor(300, TimeUnit.SECONDS)).isTrue();
    } finally {
      fixed.destroyForcibly();
    }
    assertThat(fixed.exitValue()).as(Files.readString(tmp.resolve("child2.log"))).isZero();
    JsonNode summary = OutputDirectory.JSON.readTree(out.resolve("summary.json").toFile());
    assertThat(summary.get("policy").asText()).isEqualTo("class:" + ExamplePolicyJar.CLASS);
    List<JsonNode> lines = metrics(out);
    assertThat(lines).hasSize(30);
    java.util.Set<Integer> sizes = new java.util.HashSet<>();
    for (JsonNode line : lines) {
      int n = line.get("scheduled").asInt();
      sizes.add(n);
      assertThat(line.get("objective").isNumber()).as("the example reports its objective").isTrue();
      line.get("grants").forEach(g -> assertThat(g.get("share").asDouble()).isEqualTo(1.0 / n));
    }
    assertThat(sizes).as("the set size follows queues and channels").hasSizeGreaterThan(1);
  }

  private static List<String> withClasspath(List<String> args, String classpath) {
    List<String> all = new ArrayList<>(args);
    all.addAll(List.of("--classpath", classpath));
    return all;
  }

  private static List<JsonNode> metrics(Path out) throws IOException {
    List<JsonNode> lines = new ArrayList<>();
    for (String line : Files.readAllLines(out.resolve("metrics.jsonl"))) {
      if (!line.isBlank()) {
        lines.add(OutputDirectory.JSON.readTree(line));
      }
    }
    return lines;
  }

  private static List<String> checkpoints(Path out) throws IOException {
    try (Stream<Path> files = Files.list(out.resolve("checkpoints"))) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".ckpt"))
          .sorted()
          .toList();
    }
  }
}
