package org.edgetune.cli;

import com.typesafe.config.ConfigUtil;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * {@code --classpath}: where a {@code class:NAME} scheduling policy is looked for. It sets {@code
 * edgetune.schedule.classpath}, so the run's config.conf records it (and --resume finds the policy
 * again); without it the key falls back to {@code EDGETUNE_CLASSPATH}.
 */
final class ClasspathOption {

  @Option(
      names = "--classpath",
      paramLabel = "PATHS",
      description =
          "Jars and class directories, separated by ':', where a policy = class:NAME is looked for "
              + "(sets edgetune.schedule.classpath; default: the EDGETUNE_CLASSPATH environment variable).")
  String classpath;

  /** The override the option stands for, none when it was not given. */
  List<String> overrides() {
    return classpath == null
        ? List.of()
        : List.of("edgetune.schedule.classpath=" + ConfigUtil.quoteString(classpath));
  }

  boolean given() {
    return classpath != null;
  }
}
