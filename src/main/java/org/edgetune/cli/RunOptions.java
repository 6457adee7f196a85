package org.edgetune.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValueFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.edgetune.config.ConfigLoader;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Options every run command shares: scenario file, overrides and the output directory. */
final class RunOptions {

  @Option(
      names = "--config",
      description = "Scenario file (HOCON); library defaults fill the rest.")
  Path config;

  @Option(
      names = "--out",
      description =
          "Output directory (default: runs/<command>-<time>). Must not hold results already unless --overwrite.")
  Path out;

  @Option(
      names = "--set",
      description = "Override one config key, e.g. --set edgetune.seed=7 (repeatable).")
  List<String> overrides = new ArrayList<>();

  @Option(names = "--overwrite", description = "Allow writing into a non-empty output directory.")
  boolean overwrite;

  @Option(
      names = "--faults",
      description =
          "Fault plan (HOCON, an edgetune.faults section) layered over the scenario; see conf/faults/.")
  Path faults;

  @Mixin ClasspathOption classpath = new ClasspathOption();

  /**
   * Refuses --faults on a command that has nothing federated to fail; {@code why} says what it
   * lacks.
   */
  void refuseFaults(String why) {
    if (faults != null) {
      throw new BadInputException(
          "--faults applies to federated runs (simulate, compare, node); " + why);
    }
  }

  Config loadConfig() {
    return load(config);
  }

  /** Like {@link #loadConfig()}, but without --config the given scenario file is used. */
  Config loadConfig(Path defaultScenario) {
    return load(config != null ? config : defaultScenario);
  }

  private Config load(Path scenario) {
    List<Path> files = new ArrayList<>();
    if (scenario != null) {
      files.add(scenario);
    }
    if (faults != null) {
      files.add(faults);
    }
    List<String> all = new ArrayList<>(classpath.overrides());
    all.addAll(overrides);
    return ConfigLoader.loadLayers(files, all);
  }

  /**
   * The output directory to use, checked before anything is written ({@link OutputTarget}): an
   * existing non-empty directory is refused (it would mix two runs) unless --overwrite.
   */
  OutputTarget outputTarget(String command) {
    Path dir =
        out != null
            ? out
            : Path.of(
                "runs",
                command
                    + "-"
                    + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    return OutputTarget.check("--out", dir, overwrite);
  }

  /**
   * The directory of a run to resume: --out, holding the config.conf the run wrote, which is the
   * whole configuration; --config, --set and --overwrite would start another run instead.
   */
  Path resumeDirectory() {
    if (config != null
        || faults != null
        || !overrides.isEmpty()
        || overwrite
        || classpath.given()) {
      throw new BadInputException(
          "--resume continues the run in --out with the config.conf it wrote; "
              + "it cannot be combined with --config, --faults, --set, --classpath or --overwrite");
    }
    if (out == null) {
      throw new BadInputException("--resume needs --out DIR, the directory of the run to continue");
    }
    if (!Files.isRegularFile(out.resolve("config.conf"))) {
      throw new BadInputException(
          "cannot resume: " + out + " holds no config.conf of an earlier run");
    }
    return out;
  }

  /**
   * The resolved configuration as HOCON, only the edgetune section (what the run actually used),
   * with passwords (the TLS store passwords) replaced so that none lands in an output directory.
   */
  static String render(Config config) {
    Config edgetune = config.getConfig("edgetune");
    for (var entry : edgetune.entrySet()) {
      if (entry.getKey().endsWith("password") && !edgetune.getString(entry.getKey()).isEmpty()) {
        edgetune = edgetune.withValue(entry.getKey(), ConfigValueFactory.fromAnyRef("<redacted>"));
      }
    }
    return edgetune
        .atKey("edgetune")
        .root()
        .render(ConfigRenderOptions.defaults().setOriginComments(false).setJson(false));
  }
}
