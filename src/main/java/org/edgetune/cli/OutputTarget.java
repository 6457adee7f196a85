package org.edgetune.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.edgetune.output.OutputDirectory;

/**
 * The output-directory contract every command that writes follows. {@link #check} looks at the path
 * without writing anything and refuses what cannot work or would lose or mix results: an empty
 * path, a path under a file, an existing file, a directory that holds files (unless --overwrite,
 * and then only one an EdgeTune run wrote). The command validates everything else, and only then
 * calls {@link #open}, which clears an earlier run's files (so no file of two runs ever sits
 * together) and creates the directory. A bad input found after that (a text the tokenizer refuses,
 * say) {@link #discard}s what {@code open} made, so the directory is as it was before the command.
 */
final class OutputTarget {

  /**
   * Files that mark a directory as an EdgeTune run's: only such a directory is cleared by
   * --overwrite.
   */
  static final Set<String> RUN_MARKERS =
      Set.of(
          "config.conf",
          "suite.conf",
          "metrics.jsonl",
          "edgetune.log",
          "summary.json",
          "checkpoints");

  private final Path dir;
  private final boolean replace;

  /** An earlier run's directory this command continues: never cleared, never discarded. */
  private final boolean continuing;

  private final List<Path> created = new ArrayList<>();

  private OutputTarget(Path dir, boolean replace, boolean continuing) {
    this.dir = dir;
    this.replace = replace;
    this.continuing = continuing;
  }

  /** The directory of an earlier run that this command continues (its files are kept). */
  static OutputTarget continuing(Path dir) {
    return new OutputTarget(dir, false, true);
  }

  /**
   * @param option the option the path came from, for messages ({@code --out})
   * @throws BadInputException naming the path and why it cannot be used
   */
  static OutputTarget check(String option, Path dir, boolean overwrite) {
    if (dir.toString().isBlank()) {
      throw new BadInputException(option + " is empty; give the directory to write into");
    }
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new BadInputException(option + " " + dir + " exists and is not a directory");
    }
    checkAncestors(option, dir);
    if (!Files.isDirectory(dir) || isEmpty(dir)) {
      return new OutputTarget(dir, false, false);
    }
    if (!overwrite) {
      throw new BadInputException(
          option
              + " "
              + dir
              + " already holds files"
              + stoppedRunHint(dir)
              + "; choose another "
              + option
              + " or pass --overwrite to replace them");
    }
    if (!holdsRun(dir)) {
      throw new BadInputException(
          option
              + " "
              + dir
              + " holds files no EdgeTune run wrote (none of "
              + String.join(", ", RUN_MARKERS.stream().sorted().toList())
              + "); --overwrite only replaces an earlier run");
    }
    return new OutputTarget(dir, true, false);
  }

  /** The nearest existing ancestor must be a directory this process may write into. */
  static void checkAncestors(String option, Path dir) {
    Path ancestor = dir.toAbsolutePath().normalize().getParent();
    while (ancestor != null && !Files.exists(ancestor)) {
      ancestor = ancestor.getParent();
    }
    if (ancestor == null) {
      return;
    }
    if (!Files.isDirectory(ancestor)) {
      throw new BadInputException(
          option + " " + dir + " lies under " + ancestor + ", which is a file, not a directory");
    }
    if (!Files.isWritable(ancestor)) {
      throw new BadInputException(
          option + " " + dir + ": cannot create anything under " + ancestor + " (not writable)");
    }
  }

  Path path() {
    return dir;
  }

  /**
   * Clears the earlier run's files (under --overwrite) and creates the directory: the first change
   * on disk, so call it after everything else is validated.
   *
   * @throws BadInputException when the directory cannot be created (a read-only or virtual file
   *     system)
   */
  OutputDirectory open() {
    if (replace) {
      deleteContents(dir);
    }
    createDirectories();
    return new OutputDirectory(dir);
  }

  /** What a command writes into its opened directory. */
  interface Job<T> {
    T run(OutputDirectory out);
  }

  /**
   * Opens the directory and runs the job in it. When the job fails on bad input before its first
   * checkpoint, what was written is removed, so the same command can be run again once the input is
   * fixed; anything else (and any run with a checkpoint) is left for --resume and for the log.
   */
  <T> T write(Job<T> job) {
    OutputDirectory out = open();
    try (out) {
      return job.run(out);
    } catch (RuntimeException e) {
      if (BadInputHandler.isBadInput(e) && !holdsProgress(dir)) {
        discard();
      }
      throw e;
    }
  }

  /**
   * Removes what {@link #open} created (the directory and any parents it made); an overwritten run
   * stays gone.
   */
  void discard() {
    if (continuing) {
      return;
    }
    if (created.isEmpty()) {
      deleteContents(dir);
      return;
    }
    deleteTree(created.get(0));
  }

  private void createDirectories() {
    List<Path> missing = new ArrayList<>();
    for (Path p = dir.toAbsolutePath().normalize();
        p != null && !Files.isDirectory(p);
        p = p.getParent()) {
      missing.add(0, p);
    }
    for (Path p : missing) {
      try {
        Files.createDirectory(p);
        created.add(p);
      } catch (IOException e) {
        if (!created.isEmpty()) {
          deleteTree(created.get(0));
          created.clear();
        }
        throw new BadInputException("cannot create output directory " + dir + ": " + reason(e), e);
      }
    }
  }

  /** How to go on with a directory that holds a run which stopped before its first checkpoint. */
  private static String stoppedRunHint(Path dir) {
    boolean checkpointed = holdsCheckpoint(dir.resolve("checkpoints"));
    if (Files.isRegularFile(dir.resolve("config.conf"))
        && !Files.exists(dir.resolve("summary.json"))
        && !checkpointed) {
      return " (a run that stopped before its first checkpoint, so it cannot be resumed: start it again "
          + "with the same options and --overwrite)";
    }
    if (checkpointed && !Files.exists(dir.resolve("summary.json"))) {
      return " (a stopped run: continue it with --resume --out " + dir + ")";
    }
    return "";
  }

  private static boolean holdsCheckpoint(Path checkpoints) {
    if (!Files.isDirectory(checkpoints)) {
      return false;
    }
    try (Stream<Path> files = Files.list(checkpoints)) {
      return files.anyMatch(p -> p.getFileName().toString().endsWith(".ckpt"));
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Whether a run in the directory got as far as a metrics line (then it stays, for the log and
   * --resume).
   */
  private static boolean holdsProgress(Path dir) {
    try (Stream<Path> paths = Files.walk(dir, 3)) {
      return paths.anyMatch(p -> p.getFileName().toString().equals("metrics.jsonl"));
    } catch (IOException e) {
      return true;
    }
  }

  private static boolean holdsRun(Path dir) {
    return RUN_MARKERS.stream().anyMatch(name -> Files.exists(dir.resolve(name)));
  }

  static boolean isEmpty(Path dir) {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.findAny().isEmpty();
    } catch (IOException e) {
      throw new BadInputException("cannot list " + dir + ": " + reason(e), e);
    }
  }

  private static void deleteContents(Path dir) {
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (Stream<Path> entries = Files.list(dir)) {
      for (Path entry : entries.toList()) {
        deleteTree(entry);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot clear " + dir, e);
    }
  }

  static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove " + root, e);
    }
  }

  private static String reason(IOException e) {
    return e.getClass().getSimpleName().replace("Exception", "")
        + (e.getMessage() == null ? "" : " " + e.getMessage());
  }
}
