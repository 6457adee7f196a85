package org.edgetune.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.edgetune.testing.TestTime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input to every command, one row each (issue 15, item 6): exit code 2, one line on stderr that
 * names the culprit (key, file, option or value), no stack trace, and the files around left exactly
 * as they were (a finished run, a foreign directory, a plain file). Run in-process through picocli;
 * every row fails during validation, before a model or corpus is loaded where it can.
 *
 * <p>Placeholders in the arguments: {@code {new}} a directory that does not exist, {@code {run}} an
 * earlier run's directory, {@code {foreign}} a directory of someone's files, {@code {file}} a plain
 * file, {@code {dir}} the scratch directory, {@code {port}} a port in use, {@code {X.conf}} one of
 * the files written in {@link #files()}.
 */
class BadInputTableTest {

  private static Path dir;
  private static ServerSocket busy;

  /** Files the rows refer to, written once. */
  private static Map<String, String> files() {
    Map<String, String> files = new TreeMap<>();
    files.put("syntax.conf", "edgetune { seed = 1\n");
    files.put("deep.conf", "edgetune { a = " + "{ b = ".repeat(20_000) + "1" + " }".repeat(20_001));
    files.put("outside.conf", "edgetune.seed = 1\nrounds = 12\n");
    files.put(
        "crash-probability.conf",
        "edgetune.faults.plan = [{ round = 1, kind = device-crash, target = 0, probability = 0.5 }]");
    files.put(
        "loss-delay.conf",
        "edgetune.faults.plan = [{ round = 1, kind = message-loss, target = 0, delay-s = 3 }]");
    files.put("meteor.conf", "edgetune.faults.plan = [{ round = 1, kind = meteor }]");
    files.put("late.conf", "edgetune.faults.plan = [{ round = 100, kind = device-crash }]");
    files.put(
        "target.conf", "edgetune.faults.plan = [{ round = 1, kind = straggler, target = 99 }]");
    files.put(
        "node-loss.conf", "edgetune.faults.plan = [{ round = 1, kind = node-loss, target = 1 }]");
    files.put(
        "plan-typo.conf", "edgetune.faults.plan = [{ round = 1, kind = straggler, delay = 3 }]");
    String sweeps =
        "sweeps = [{ name = p, kind = rounds, title = P, metrics = [accuracy], policies = [lyapunov] }]";
    files.put(
        "suite-outside.conf",
        "experiment { scenario = \"\", set { rounds = 3 }, seeds = [1, 2], quick { seeds = [1, 2], set {} }, "
            + sweeps
            + " }");
    files.put(
        "suite-key.conf",
        "experiment { scenario = \"\", set { edgetune.schedule.energy-budget = 1 }, seeds = [1, 2], quick { seeds = [1, 2], set {} }, "
            + sweeps
            + " }");
    return files;
  }

  static Stream<Arguments> rows() {
    List<Arguments> rows = new ArrayList<>();
    // simulate: values and keys
    row(rows, "edgetune.schedule.rounds", "simulate", "--out", "{new}", "--set", "rounds=12");
    row(rows, "'edgetune'", "simulate", "--out", "{new}", "--set", "edgetune=5");
    row(rows, "edgetune.seed", "simulate", "--out", "{new}", "--set", "edgetune.seed=abc");
    row(
        rows,
        "edgetune.wireless.devices",
        "simulate",
        "--out",
        "{new}",
        "--set",
        "edgetune.wireless.devices=4.9");
    row(
        rows,
        "edgetune.seed",
        "simulate",
        "--out",
        "{new}",
        "--set",
        "edgetune.seed=18446744073709551616");
    row(
        rows,
        "edgetune.seed",
        "simulate",
        "--out",
        "{new}",
        "--set",
        "edgetune.seed=-9223372036854775809");
    row(
        rows,
        "edgetune.federated.eval-every",
        "simulate",
        "--out",
        "{new}",
        "--set",
        "edgetune.federated.eval-evry=5");
    row(
        rows,
        "edgetune.schedule.rounds",
        "simulate",
        "--out",
        "{new}",
        "--set",
        "edgetune.federated.rounds=5");
    row(rows, "edgetune.train", "simulate", "--out", "{new}", "--set", "edgetune.trian.epochs=2");
    row(rows, "[1, 4096]", "simulate", "--out", "{new}", "--set", "edgetune.train.batch-size=0");
    row(
        rows,
        "edgetune.model.classes",
        "simulate",
        "--out",
        "{new}",
        "--set",
        "edgetune.model.classes=3");
    row(
        rows,
        "edgetune.model.name",
        "simulate",
        "--out",
        "{new}",
        "--set",
        "edgetune.model.name=gpt2");
    row(
        rows,
        "edgetune.model.path",
        "simulate",
        "--out",
        "{new}",
        "--set",
        "edgetune.model.path=\"{dir}/no-model\"");
    row(
        rows,
        "edgetune.model.path",
        "simulate",
        "--out",
        "{new}",
        "--set",
        "edgetune.model.name=bge-small-en-v1.5",
        "--set",
        "edgetune.model.path=\"{dir}\"");
    row(
        rows,
        "edgetune.model.lora.rank",
        "simulate",
        "--out",
        "{new}",
        "--set",
        "edgetune.model.lora.rank=2.5");
    row(
        rows,
        "edgetune.model.lora.targets",
        "simulate",
        "--out",
        "{new}",
        "--set",
        "edgetune.model.lora.targets=[foo]");
    row(
        rows,
        "edgetune.schedule.policy",
        "simulate",
        "--out",
        "{new}",
        "--set",
        "edgetune.schedule.policy=greedy");
    row(
        rows,
        "edgetune.schedule.rounds",
        "simulate",
        "--out",
        "{new}",
        "--set",
        "edgetune.schedule.rounds=0");
    row(
        rows,
        "edgetune.data.partition",
        "simulate",
        "--out",
        "{new}",
        "--set",
        "edgetune.data.partition=random");
    row(
        rows,
        "edgetune.data.test-fraction",
        "simulate",
        "--out",
        "{new}",
        "--set",
        "edgetune.data.test-fraction=0.95");
    row(
        rows,
        "absent.tgz",
        "simulate",
        "--out",
        "{new}",
        "--set",
        "edgetune.data.archive=\"{dir}/absent.tgz\"");
    row(
        rows,
        "edgetune.wireless.bandwidth-hz",
        "simulate",
        "--out",
        "{new}",
        "--set",
        "edgetune.wireless.bandwith-hz=1");
    row(
        rows,
        "edgetune.checkpoint.keep",
        "simulate",
        "--out",
        "{new}",
        "--set",
        "edgetune.checkpoint.keep=0");
    row(
        rows,
        "edgetune.cluster.shards",
        "simulate",
        "--out",
        "{new}",
        "--set",
        "edgetune.cluster.shards=0");
    row(
        rows,
        "edgetune.cluster.tls.protocol",
        "simulate",
        "--out",
        "{new}",
        "--set",
        "edgetune.cluster.tls.protocl=x");
    row(
        rows,
        "edgetune.faults.chaos.device-crash",
        "simulate",
        "--out",
        "{new}",
        "--set",
        "edgetune.faults.chaos.device-crash=1.5");
    row(
        rows,
        "edgetune.federated.batch-encoder",
        "simulate",
        "--out",
        "{new}",
        "--set",
        "edgetune.federated.batch-encoder=true",
        "--set",
        "edgetune.train.local-steps=2");
    row(
        rows,
        "edgetune.privacy.uplink-noise",
        "simulate",
        "--out",
        "{new}",
        "--set",
        "edgetune.privacy.uplink-noise=-0.1");
    row(
        rows,
        "edgetune.model.device-layers",
        "simulate",
        "--out",
        "{new}",
        "--set",
        "edgetune.model.device-layers=-1");
    row(
        rows,
        "edgetune.model.device-layers",
        "simulate",
        "--out",
        "{new}",
        "--set",
        "edgetune.model.device-layers=1",
        "--set",
        "edgetune.federated.batch-encoder=true");
    row(
        rows,
        "edgetune.privacy.audit.public-texts",
        "privacy-audit",
        "--out",
        "{new}",
        "--set",
        "edgetune.privacy.audit.public-texts=5");
    row(
        rows,
        "edgetune.privacy.audit.public-archive",
        "privacy-audit",
        "--out",
        "{new}",
        "--set",
        "edgetune.model.device-layers=2",
        "--set",
        "edgetune.privacy.audit.public-archive=\"{dir}/no-public.tgz\"");
    row(
        rows,
        "edgetune.wireless.workload.device-layers",
        "schedule-sim",
        "--out",
        "{new}",
        "--set",
        "edgetune.wireless.workload.device-layers=6");
    row(
        rows,
        "edgetune.privacy.gradient-noise",
        "privacy-audit",
        "--out",
        "{new}",
        "--set",
        "edgetune.privacy.gradient-nois=1");
    row(rows, "--faults", "privacy-audit", "--out", "{new}", "--faults", "{meteor.conf}");
    row(rows, "--state", "privacy-audit", "--out", "{new}", "--state", "{dir}/no-run");
    row(rows, "holds no checkpoint", "privacy-audit", "--out", "{new}", "--state", "{dir}");
    row(rows, "key=value", "simulate", "--out", "{new}", "--set", "edgetune.seed");
    row(rows, "edgetune.seed={", "simulate", "--out", "{new}", "--set", "edgetune.seed={");
    // simulate: files
    row(rows, "nope.conf", "simulate", "--out", "{new}", "--config", "{dir}/nope.conf");
    row(rows, "syntax.conf", "simulate", "--out", "{new}", "--config", "{syntax.conf}");
    row(rows, "nests too deeply", "simulate", "--out", "{new}", "--config", "{deep.conf}");
    row(
        rows,
        "edgetune.schedule.rounds",
        "simulate",
        "--out",
        "{new}",
        "--config",
        "{outside.conf}");
    row(
        rows,
        "edgetune.faults.plan[0].probability",
        "simulate",
        "--out",
        "{new}",
        "--faults",
        "{crash-probability.conf}");
    row(
        rows,
        "edgetune.faults.plan[0].delay-s",
        "simulate",
        "--out",
        "{new}",
        "--faults",
        "{loss-delay.conf}");
    row(
        rows,
        "edgetune.faults.plan[0].kind",
        "simulate",
        "--out",
        "{new}",
        "--faults",
        "{meteor.conf}");
    row(
        rows,
        "edgetune.faults.plan[0].round",
        "simulate",
        "--out",
        "{new}",
        "--faults",
        "{late.conf}");
    row(
        rows,
        "edgetune.faults.plan[0].target",
        "simulate",
        "--out",
        "{new}",
        "--faults",
        "{target.conf}");
    row(rows, "node-loss", "simulate", "--out", "{new}", "--faults", "{node-loss.conf}");
    row(
        rows,
        "edgetune.faults.plan[0].delay",
        "simulate",
        "--out",
        "{new}",
        "--faults",
        "{plan-typo.conf}");
    // simulate: output directory and resume
    row(rows, "--out is empty", "simulate", "--out", "");
    row(rows, "is a file", "simulate", "--out", "{file}/run");
    row(rows, "not a directory", "simulate", "--out", "{file}");
    row(rows, "already holds files", "simulate", "--out", "{run}");
    row(rows, "no EdgeTune run wrote", "simulate", "--out", "{foreign}", "--overwrite");
    row(rows, "--resume needs --out", "simulate", "--resume");
    row(rows, "config.conf", "simulate", "--resume", "--out", "{foreign}");
    row(
        rows,
        "cannot be combined",
        "simulate",
        "--resume",
        "--out",
        "{run}",
        "--set",
        "edgetune.seed=1");
    row(rows, "'--rounds'", "simulate", "--rounds", "3");
    row(
        rows,
        "stopped before its first checkpoint",
        "simulate",
        "--resume",
        "--out",
        "{dir}/stopped");
    row(rows, "--overwrite", "simulate", "--out", "{dir}/stopped");
    row(rows, "edgetune.seed was 42, is 7", "simulate", "--resume", "--out", "{dir}/edited");
    // compare
    row(rows, "--policies", "compare", "--out", "{new}", "--policies", ",");
    row(rows, "greedy", "compare", "--out", "{new}", "--policies", "lyapunov,greedy");
    row(rows, "twice", "compare", "--out", "{new}", "--policies", "lyapunov,lyapunov");
    row(rows, "edgetune.schedule.rounds", "compare", "--out", "{new}", "--set", "rounds=3");
    row(rows, "already holds files", "compare", "--out", "{run}");
    // centralized
    row(rows, "--faults", "centralized", "--out", "{new}", "--faults", "{late.conf}");
    row(
        rows,
        "edgetune.train.epochs",
        "centralized",
        "--out",
        "{new}",
        "--set",
        "edgetune.train.epochs=0");
    row(rows, "edgetune.train.epochs", "centralized", "--out", "{new}", "--set", "epochs=2");
    row(
        rows,
        "edgetune.schedule.policy",
        "centralized",
        "--out",
        "{new}",
        "--set",
        "edgetune.schedule.policy=greedy");
    row(rows, "already holds files", "centralized", "--out", "{run}");
    // schedule-sim
    row(rows, "greedy", "schedule-sim", "--out", "{new}", "--policy", "greedy");
    row(rows, "--devices", "schedule-sim", "--out", "{new}", "--devices", "0");
    row(rows, "--rounds", "schedule-sim", "--out", "{new}", "--rounds", "-1");
    row(rows, "'--devices'", "schedule-sim", "--out", "{new}", "--devices", "abc");
    row(rows, "already holds files", "schedule-sim", "--devices", "3", "--out", "{run}");
    row(
        rows,
        "edgetune.schedule.energy-budget-j",
        "schedule-sim",
        "--out",
        "{new}",
        "--set",
        "edgetune.schedule.energy-budget-j=-1");
    row(
        rows,
        "edgetune.wireless.devices",
        "schedule-sim",
        "--out",
        "{new}",
        "--set",
        "edgetune.wireless.devices=4.9");
    row(
        rows,
        "edgetune.faults.plan[0].probability",
        "schedule-sim",
        "--out",
        "{new}",
        "--config",
        "{crash-probability.conf}");
    row(
        rows,
        "/proc/edgetune-table",
        "schedule-sim",
        "--devices",
        "3",
        "--rounds",
        "2",
        "--out",
        "/proc/edgetune-table");
    row(rows, "--out is empty", "schedule-sim", "--out", "");
    // experiment
    row(rows, "absent.conf", "experiment", "--out", "{new}", "--suite", "{dir}/absent.conf");
    row(
        rows,
        "--figures",
        "experiment",
        "--out",
        "{new}",
        "--suite",
        "conf/experiments/paper.conf",
        "--quick",
        "--figures",
        "{dir}/figures");
    row(
        rows,
        "not a directory",
        "experiment",
        "--out",
        "{new}",
        "--suite",
        "conf/experiments/paper.conf",
        "--figures",
        "{file}");
    row(
        rows,
        "already holds files",
        "experiment",
        "--out",
        "{foreign}",
        "--suite",
        "conf/experiments/paper.conf");
    row(
        rows,
        "edgetune.schedule.rounds",
        "experiment",
        "--out",
        "{new}",
        "--suite",
        "{suite-outside.conf}");
    row(
        rows,
        "edgetune.schedule.energy-budget-j",
        "experiment",
        "--out",
        "{new}",
        "--suite",
        "{suite-key.conf}");
    // node
    row(
        rows,
        "--role",
        "node",
        "--role",
        "gateway",
        "--seed-nodes",
        "127.0.0.1:1",
        "--out",
        "{new}");
    row(
        rows,
        "--port",
        "node",
        "--role",
        "device",
        "--port",
        "70000",
        "--seed-nodes",
        "127.0.0.1:1");
    row(
        rows,
        "{port}",
        "node",
        "--role",
        "device",
        "--port",
        "{port}",
        "--seed-nodes",
        "127.0.0.1:1");
    row(rows, "--seed-nodes", "node", "--role", "device", "--port", "0", "--seed-nodes", "nowhere");
    row(
        rows,
        "already holds files",
        "node",
        "--role",
        "server",
        "--port",
        "0",
        "--seed-nodes",
        "127.0.0.1:1",
        "--out",
        "{run}");
    row(
        rows,
        "is a directory",
        "node",
        "--role",
        "device",
        "--port",
        "0",
        "--seed-nodes",
        "127.0.0.1:1",
        "--log",
        "{foreign}");
    row(
        rows,
        "edgetune.cluster.shards",
        "node",
        "--role",
        "device",
        "--port",
        "0",
        "--seed-nodes",
        "127.0.0.1:1",
        "--set",
        "edgetune.cluster.shards=0");
    row(
        rows,
        "edgetune.cluster.encoder-nodes",
        "node",
        "--role",
        "server",
        "--port",
        "0",
        "--seed-nodes",
        "127.0.0.1:1",
        "--set",
        "edgetune.cluster.encoder-nodes=-1",
        "--out",
        "{new}");
    row(
        rows,
        "edgetune.cluster.encoder-timeout-s",
        "node",
        "--role",
        "encoder",
        "--port",
        "0",
        "--seed-nodes",
        "127.0.0.1:1",
        "--set",
        "edgetune.cluster.encoder-timeout-s=0");
    row(
        rows,
        "--dashboard is for the server node",
        "node",
        "--role",
        "encoder",
        "--port",
        "0",
        "--seed-nodes",
        "127.0.0.1:1",
        "--dashboard=0");
    row(
        rows,
        "encoder-node-loss needs a cluster run",
        "simulate",
        "--set",
        "edgetune.faults.plan=[{round=1, kind=encoder-node-loss}]",
        "--out",
        "{new}");
    // bench and the command line itself
    row(rows, "--devices", "bench", "actors", "--devices", "-3");
    row(rows, "every K", "bench", "scheduler", "--devices", "0");
    row(rows, "greedy", "bench", "scheduler", "--policy", "greedy");
    row(rows, "--batch", "bench", "model", "--batch", "0");
    row(rows, "simulat", "simulat");
    return rows.stream();
  }

  private static void row(List<Arguments> rows, String culprit, String... args) {
    rows.add(Arguments.of(String.join(" ", args), culprit, args));
  }

  @BeforeAll
  static void scratch() throws IOException {
    dir = Files.createTempDirectory("edgetune-bad-input");
    for (var file : files().entrySet()) {
      Files.writeString(dir.resolve(file.getKey()), file.getValue());
    }
    Path run = Files.createDirectories(dir.resolve("run/checkpoints"));
    Files.writeString(dir.resolve("run/config.conf"), "edgetune.seed = 7\n");
    Files.writeString(dir.resolve("run/metrics.jsonl"), "{\"round\":0}\n{\"round\":1}\n");
    Files.writeString(dir.resolve("run/summary.json"), "{\"final_accuracy\":0.9}");
    Files.writeString(run.resolve("round-000001.ckpt"), "checkpoint bytes");
    Files.createDirectories(dir.resolve("stopped"));
    Files.writeString(dir.resolve("stopped/config.conf"), "edgetune.seed = 7\n");
    Files.writeString(dir.resolve("stopped/edgetune.log"), "started\n");
    Files.createDirectories(dir.resolve("edited/checkpoints"));
    Files.writeString(dir.resolve("edited/config.conf"), "edgetune.seed = 7\n");
    Files.writeString(dir.resolve("edited/checkpoints/config.conf"), "edgetune.seed = 42\n");
    Files.writeString(dir.resolve("edited/checkpoints/round-000001.ckpt"), "checkpoint bytes");
    Files.createDirectories(dir.resolve("foreign"));
    Files.writeString(dir.resolve("foreign/thesis.tex"), "precious");
    Files.writeString(dir.resolve("file"), "a plain file");
    busy = new ServerSocket(0);
  }

  @AfterAll
  static void cleanUp() throws IOException {
    busy.close();
    OutputTarget.deleteTree(dir);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void refusedWithOneLineNamingTheCulpritAndNothingChanged(
      String name, String culprit, String[] args) throws IOException {
    Map<String, String> before = snapshot();
    String[] resolved = new String[args.length];
    for (int i = 0; i < args.length; i++) {
      resolved[i] = resolve(args[i]);
    }
    // A row that wrongly passes validation would start a real run: fail it instead of waiting.
    CliRun r =
        assertTimeoutPreemptively(
            TestTime.scaled(Duration.ofSeconds(120)), () -> CliRun.of(resolved));
    String err = r.err().strip();
    assertThat(r.exit()).as(err).isEqualTo(2);
    assertThat(err).contains(resolve(culprit));
    assertThat(err).as("no stack trace").doesNotContain("\tat ").doesNotContain("Exception:");
    if (err.startsWith("edgetune:")) {
      assertThat(err.lines().count()).as(err).isEqualTo(1);
    }
    assertThat(snapshot()).isEqualTo(before);
  }

  private static String resolve(String arg) {
    String s =
        arg.replace("{new}", dir.resolve("new").toString())
            .replace("{run}", dir.resolve("run").toString())
            .replace("{foreign}", dir.resolve("foreign").toString())
            .replace("{file}", dir.resolve("file").toString())
            .replace("{dir}", dir.toString())
            .replace("{port}", Integer.toString(busy.getLocalPort()));
    for (String file : files().keySet()) {
      s = s.replace("{" + file + "}", dir.resolve(file).toString());
    }
    return s;
  }

  /** Every file under the scratch directory with its content: what must not change. */
  private static Map<String, String> snapshot() throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.toList()) {
        files.put(
            dir.relativize(p).toString(), Files.isRegularFile(p) ? Files.readString(p) : "<dir>");
      }
    }
    return files;
  }
}
