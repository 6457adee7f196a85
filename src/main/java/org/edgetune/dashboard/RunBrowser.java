package org.edgetune.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.edgetune.output.OutputDirectory;

/**
 * The finished (and unfinished) runs under a directory, read-only: a run is a directory with a
 * {@code metrics.jsonl} or {@code summary.json}, an experiment one with a {@code suite.conf}. Both
 * are named by their path under the root with {@code /} between parts, and only names found by
 * walking the root are ever opened, so a request cannot reach outside it.
 */
public final class RunBrowser {

  /** A request for something the root does not hold. */
  public static final class NotFoundException extends RuntimeException {
    NotFoundException(String message) {
      super(message);
    }
  }

  /** How deep runs are looked for: an experiment's runs are at {@code experiment/runs/<id>}. */
  private static final int MAX_DEPTH = 4;

  private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,120}");
  private static final Set<String> SERVED =
      Set.of("png", "csv", "html", "json", "jsonl", "conf", "log");

  /** Summary fields shown in the list of runs and in the comparison table. */
  private static final List<String> LISTED =
      List.of(
          "policy",
          "seed",
          "rounds",
          "devices",
          "final_accuracy",
          "final_f1",
          "max_energy_ratio",
          "mean_scheduled",
          "rounds_to_90",
          "mean_round_latency_s",
          "wall_seconds");

  private final Path root;

  public RunBrowser(Path root) {
    if (!Files.isDirectory(root)) {
      throw new IllegalArgumentException("--runs " + root + " is not a directory");
    }
    this.root = root.toAbsolutePath().normalize();
  }

  public Path root() {
    return root;
  }

  /** Every run and experiment under the root, with the summary fields of each run. */
  public ObjectNode list() {
    ObjectNode answer = JsonNodeFactory.instance.objectNode();
    answer.put("root", root.toString());
    ArrayNode runs = answer.putArray("runs");
    runs()
        .forEach(
            (id, dir) -> {
              ObjectNode run = runs.addObject().put("id", id);
              JsonNode summary = readSummary(dir);
              ObjectNode shown = run.putObject("summary");
              if (summary != null) {
                LISTED.forEach(
                    key -> {
                      if (summary.has(key)) {
                        shown.set(key, summary.get(key));
                      }
                    });
              }
              run.put("finished", summary != null);
            });
    ArrayNode experiments = answer.putArray("experiments");
    experiments().forEach((id, dir) -> experiments.addObject().put("id", id));
    return answer;
  }

  /** One run: its whole summary, its config and every complete line of its metrics. */
  public ObjectNode run(String id) {
    Path dir = runs().get(id);
    if (dir == null) {
      throw new NotFoundException("no run '" + id + "' under " + root);
    }
    ObjectNode answer = JsonNodeFactory.instance.objectNode().put("id", id);
    answer.set("summary", readSummary(dir));
    Path config = dir.resolve("config.conf");
    answer.put("config", Files.isRegularFile(config) ? read(config) : null);
    ArrayNode records = answer.putArray("records");
    Path metrics = dir.resolve("metrics.jsonl");
    if (Files.isRegularFile(metrics)) {
      for (String line : read(metrics).split("\n")) {
        try {
          records.add(OutputDirectory.JSON.readTree(line));
        } catch (IOException e) {
          // A run killed in the middle of a write leaves a torn last line; it holds no round.
          break;
        }
      }
    }
    return answer;
  }

  /** One experiment: its suite file and the figures and tables its report is made of. */
  public ObjectNode experiment(String id) {
    Path dir = experiments().get(id);
    if (dir == null) {
      throw new NotFoundException("no experiment '" + id + "' under " + root);
    }
    ObjectNode answer = JsonNodeFactory.instance.objectNode().put("id", id);
    Path suite = dir.resolve("suite.conf");
    answer.put("suite", Files.isRegularFile(suite) ? read(suite) : null);
    answer.put("report", Files.isRegularFile(dir.resolve("report.html")));
    ArrayNode figures = answer.putArray("figures");
    ArrayNode tables = answer.putArray("tables");
    try (Stream<Path> files = Files.list(dir)) {
      files
          .map(p -> p.getFileName().toString())
          .sorted()
          .forEach(
              name -> {
                if (name.endsWith(".png")) {
                  figures.add(name);
                } else if (name.endsWith(".csv")) {
                  tables.add(name);
                }
              });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
    return answer;
  }

  /** A file of one run or experiment, by its plain name (no directories). */
  public Path file(String dirId, String name) {
    if (!FILE_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("file name '" + name + "' is not a plain file name");
    }
    String extension = name.substring(name.lastIndexOf('.') + 1);
    if (name.indexOf('.') < 0 || !SERVED.contains(extension)) {
      throw new IllegalArgumentException(
          "file '" + name + "': only " + new TreeSet<>(SERVED) + " files are served");
    }
    Path dir = runs().get(dirId);
    if (dir == null) {
      dir = experiments().get(dirId);
    }
    if (dir == null) {
      throw new NotFoundException("no run or experiment '" + dirId + "' under " + root);
    }
    Path file = dir.resolve(name);
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      throw new NotFoundException("'" + dirId + "' has no file " + name);
    }
    return file;
  }

  private Map<String, Path> runs() {
    return find("metrics.jsonl", "summary.json");
  }

  private Map<String, Path> experiments() {
    return find("suite.conf", "suite.conf");
  }

  /** Directories under the root (the root included) holding one of the two marker files. */
  private Map<String, Path> find(String marker, String otherMarker) {
    Map<String, Path> found = new TreeMap<>();
    try (Stream<Path> dirs = Files.walk(root, MAX_DEPTH)) {
      dirs.filter(d -> Files.isDirectory(d, LinkOption.NOFOLLOW_LINKS))
          .filter(
              d ->
                  Files.isRegularFile(d.resolve(marker))
                      || Files.isRegularFile(d.resolve(otherMarker)))
          .forEach(d -> found.put(idOf(d), d));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + root, e);
    }
    return found;
  }

  private String idOf(Path dir) {
    Path relative = root.relativize(dir);
    return relative.toString().isEmpty()
        ? "."
        : relative.toString().replace(dir.getFileSystem().getSeparator(), "/");
  }

  private static JsonNode readSummary(Path dir) {
    Path summary = dir.resolve("summary.json");
    if (!Files.isRegularFile(summary)) {
      return null;
    }
    try {
      return OutputDirectory.JSON.readTree(summary.toFile());
    } catch (IOException e) {
      return null;
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
