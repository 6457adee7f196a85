package org.edgetune.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.edgetune.schedule.SchedulingPolicy;

/**
 * Builds the example policy under {@code examples/policy-example/} into a jar, as a user would
 * (README, "Bring your own scheduling policy"): its sources compiled against EdgeTune's classes by
 * the JDK's compiler, packed into a jar that is not on the test's classpath.
 */
public final class ExamplePolicyJar {

  public static final String CLASS = "com.example.EqualShareDriftPolicy";
  public static final Path SOURCES = Path.of("examples", "policy-example", "src", "main", "java");

  private ExamplePolicyJar() {}

  /** Compiles the example into {@code dir/policy-example.jar} and returns the jar's path. */
  public static Path build(Path dir) throws IOException {
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    if (compiler == null) {
      throw new IllegalStateException("no Java compiler in this JVM (a JRE, not a JDK?)");
    }
    Path classes = Files.createDirectories(dir.resolve("classes"));
    List<String> args =
        new ArrayList<>(
            List.of("--release", "17", "-classpath", edgetuneClasses(), "-d", classes.toString()));
    try (Stream<Path> files = Files.walk(SOURCES)) {
      files.filter(p -> p.toString().endsWith(".java")).forEach(p -> args.add(p.toString()));
    }
    StringWriter errors = new StringWriter();
    int status =
        compiler.run(
            null,
            null,
            new java.io.PrintStream(OutputStream.nullOutputStream()) {
              @Override
              public void write(byte[] b, int off, int len) {
                errors.write(new String(b, off, len));
              }
            },
            args.toArray(String[]::new));
    if (status != 0) {
      throw new IllegalStateException("the example policy does not compile:\n" + errors);
    }
    Path jar = dir.resolve("policy-example.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
        Stream<Path> files = Files.walk(classes)) {
      for (Path p : files.filter(Files::isRegularFile).sorted().toList()) {
        out.putNextEntry(new JarEntry(classes.relativize(p).toString().replace('\\', '/')));
        Files.copy(p, out);
        out.closeEntry();
      }
    }
    return jar;
  }

  /**
   * Where EdgeTune's own classes are (target/classes in the build): all the example compiles
   * against.
   */
  private static String edgetuneClasses() {
    try {
      return Path.of(
              SchedulingPolicy.class.getProtectionDomain().getCodeSource().getLocation().toURI())
          .toString();
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
