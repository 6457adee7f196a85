package org.edgetune.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The main sources' package graph, read from their import lines: no package cycle (a cycle makes
 * two packages one unit that cannot be read or tested apart), and the domain packages free of Pekko
 * (the actors stay thin, the domain plain Java).
 */
class PackageGraphTest {

  private static final Path MAIN = Path.of("src/main/java/org/edgetune");
  private static final Pattern IMPORT =
      Pattern.compile("^import (?:static )?org\\.edgetune\\.([a-z.]+)\\.[A-Z]", Pattern.MULTILINE);
  private static final List<String> DOMAIN =
      List.of(
          "assembly",
          "wireless",
          "schedule",
          "model",
          "data",
          "train",
          "sim",
          "checkpoint",
          "faults",
          "privacy",
          "util");

  private static Map<String, Set<String>> graph;
  private static Map<String, Set<String>> pekkoUsers;

  @BeforeAll
  static void read() throws IOException {
    graph = new TreeMap<>();
    pekkoUsers = new TreeMap<>();
    try (Stream<Path> files = Files.walk(MAIN)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        String pkg = MAIN.relativize(file.getParent()).toString().replace('/', '.');
        String text = Files.readString(file);
        Set<String> uses = graph.computeIfAbsent(pkg, p -> new TreeSet<>());
        Matcher m = IMPORT.matcher(text);
        while (m.find()) {
          if (!m.group(1).equals(pkg)) {
            uses.add(m.group(1));
          }
        }
        if (text.contains("import org.apache.pekko.")) {
          pekkoUsers.computeIfAbsent(pkg, p -> new TreeSet<>()).add(file.getFileName().toString());
        }
      }
    }
  }

  @Test
  void thePackagesFormNoCycle() {
    assertThat(graph)
        .containsKeys(
            "actors", "assembly", "sim", "checkpoint", "report", "output", "train", "privacy");
    List<List<String>> cycles = new ArrayList<>();
    for (String start : graph.keySet()) {
      List<String> cycle = cycleThrough(start);
      if (cycle != null) {
        cycles.add(cycle);
      }
    }
    assertThat(cycles).as("package cycles").isEmpty();
  }

  @Test
  void theDomainPackagesDoNotUsePekko() {
    for (String pkg : DOMAIN) {
      assertThat(pekkoUsers.getOrDefault(pkg, Set.of())).as("Pekko imports in " + pkg).isEmpty();
    }
    // The check can see Pekko where it is used.
    assertThat(pekkoUsers).containsKey("actors");
  }

  /**
   * A path start → … → start through the import graph (breadth first), or null when there is none.
   */
  private static List<String> cycleThrough(String start) {
    Map<String, String> cameFrom = new TreeMap<>();
    Deque<String> queue = new ArrayDeque<>(graph.getOrDefault(start, Set.of()));
    graph.getOrDefault(start, Set.of()).forEach(next -> cameFrom.put(next, start));
    while (!queue.isEmpty()) {
      String at = queue.poll();
      if (at.equals(start)) {
        List<String> path = new ArrayList<>(List.of(start));
        for (String p = cameFrom.get(start); !p.equals(start); p = cameFrom.get(p)) {
          path.add(0, p);
        }
        path.add(0, start);
        return path;
      }
      for (String next : graph.getOrDefault(at, Set.of())) {
        if (!cameFrom.containsKey(next)) {
          cameFrom.put(next, at);
          queue.add(next);
        }
      }
    }
    return null;
  }
}
