package org.edgetune.testing;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** An {@code edgetune} command in a JVM of its own, as a user starts it, with DJL offline. */
public final class ChildJvm {

  private ChildJvm() {}

  /**
   * Starts {@code edgetune ARGS --set OVERRIDE...} on the test classpath; its console goes to
   * {@code log}.
   */
  public static Process start(Path log, List<String> args, List<String> overrides)
      throws IOException {
    return start(log, args, overrides, java.util.Map.of());
  }

  /** As {@link #start(Path, List, List)}, with these variables added to the child's environment. */
  public static Process start(
      Path log, List<String> args, List<String> overrides, java.util.Map<String, String> env)
      throws IOException {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx3g",
                "-Dai.djl.offline=true",
                "-cp",
                System.getProperty("java.class.path"),
                "org.edgetune.cli.Main"));
    command.addAll(args);
    overrides.forEach(o -> command.addAll(List.of("--set", o)));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(new File(System.getProperty("user.dir")))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().put("DJL_OFFLINE", "true");
    builder.environment().put("OMP_WAIT_POLICY", "PASSIVE");
    builder.environment().putAll(env);
    return builder.start();
  }
}
