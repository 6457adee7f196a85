package org.edgetune.checkpoint;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.edgetune.output.OutputDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A run's checkpoints in {@code OUT/checkpoints/}, one file per finished round ({@code
 * round-000012.ckpt} holds the state after round 12). Each is written atomically (temp file, fsync,
 * rename) and only the newest {@code keep} are kept. Loading takes the newest valid one and falls
 * back past damaged ones, warning about each.
 */
public final class CheckpointStore {

  private static final Logger log = LoggerFactory.getLogger(CheckpointStore.class);
  private static final Pattern NAME = Pattern.compile("round-(\\d{6,})\\.ckpt");

  /** A checkpoint on disk: its file, its size and how long encoding and writing took. */
  public record Written(Path file, int bytes, double seconds) {}

  /** A checkpoint file passed over when loading, and why. */
  public record Skipped(Path file, String reason) {}

  /** The checkpoint to resume from, its file, and the newer files that could not be used. */
  public record Loaded(Checkpoint checkpoint, Path file, List<Skipped> skipped) {}

  private final Path dir;
  private final int keep;

  public CheckpointStore(Path dir, int keep) {
    if (keep < 1) {
      throw new IllegalArgumentException("keep at least one checkpoint, not " + keep);
    }
    this.dir = dir;
    this.keep = keep;
  }

  /** The store of the run in {@code runDir}: its {@code checkpoints/} subdirectory. */
  public static CheckpointStore ofRun(Path runDir, CheckpointSettings settings) {
    return new CheckpointStore(runDir.resolve("checkpoints"), settings.keep());
  }

  public Path directory() {
    return dir;
  }

  public static String fileName(long round) {
    return String.format("round-%06d.ckpt", round);
  }

  /**
   * Writes the checkpoint taken after round {@code nextRound − 1}, then deletes the oldest beyond
   * {@code keep}.
   */
  public Written write(Checkpoint checkpoint) {
    long started = System.nanoTime();
    long round = checkpoint.nextRound() - 1;
    byte[] bytes = CheckpointFile.encode(checkpoint);
    Path file = dir.resolve(fileName(round));
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir, e);
    }
    OutputDirectory.writeAtomically(file, bytes);
    prune(round);
    return new Written(file, bytes.length, (System.nanoTime() - started) / 1e9);
  }

  /**
   * Keeps the newest {@code keep} checkpoints up to {@code round}. Files of later rounds come from
   * an attempt that stopped and was resumed from an earlier checkpoint; the run replaces them as it
   * reaches their rounds.
   */
  private void prune(long round) {
    List<Path> older = new ArrayList<>(byRound().headMap(round, true).descendingMap().values());
    for (Path old : older.subList(Math.min(keep, older.size()), older.size())) {
      try {
        Files.deleteIfExists(old);
      } catch (IOException e) {
        log.warn("cannot delete old checkpoint {}: {}", old, e.toString());
      }
    }
  }

  /**
   * The newest checkpoint that reads back intact; damaged newer ones are logged and listed.
   *
   * @throws CannotResumeException when there is none (nothing is changed on disk)
   */
  public Loaded latestValid() {
    return latestValid(checkpoint -> null);
  }

  /**
   * The newest checkpoint that reads back intact and fits the run's other files; damaged newer ones
   * and those that do not fit are logged and listed.
   *
   * @param misfit why a checkpoint does not fit (say, it covers more metrics lines than remain), or
   *     null when it does
   * @throws CannotResumeException when none is usable (nothing is changed on disk)
   */
  public Loaded latestValid(Function<Checkpoint, String> misfit) {
    List<Skipped> skipped = new ArrayList<>();
    for (var entry : byRound().descendingMap().entrySet()) {
      Path file = entry.getValue();
      try {
        Checkpoint checkpoint = CheckpointFile.decode(Files.readAllBytes(file));
        if (checkpoint.nextRound() != entry.getKey() + 1) {
          throw new InvalidCheckpointException(
              "the file is named for round "
                  + entry.getKey()
                  + " but holds round "
                  + (checkpoint.nextRound() - 1));
        }
        String why = misfit.apply(checkpoint);
        if (why != null) {
          throw new InvalidCheckpointException(why);
        }
        return new Loaded(checkpoint, file, List.copyOf(skipped));
      } catch (InvalidCheckpointException | IOException e) {
        String reason = e instanceof IOException ? "cannot be read: " + e : e.getMessage();
        log.warn(
            "checkpoint {} is not usable ({}); falling back to the previous one", file, reason);
        skipped.add(new Skipped(file, reason));
      }
    }
    throw new CannotResumeException(
        skipped.isEmpty()
            ? "no checkpoint in " + dir + "; nothing to resume from"
            : "no valid checkpoint in "
                + dir
                + " ("
                + skipped.stream()
                    .map(s -> s.file().getFileName() + ": " + s.reason())
                    .collect(Collectors.joining("; "))
                + "); cannot resume");
  }

  /** Whether the run wrote any checkpoint at all (valid or not). */
  public boolean isEmpty() {
    return byRound().isEmpty();
  }

  private TreeMap<Long, Path> byRound() {
    TreeMap<Long, Path> files = new TreeMap<>();
    if (!Files.isDirectory(dir)) {
      return files;
    }
    try (Stream<Path> entries = Files.list(dir)) {
      entries.forEach(
          p -> {
            Matcher m = NAME.matcher(p.getFileName().toString());
            if (m.matches()) {
              files.put(Long.parseLong(m.group(1)), p);
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
    return files;
  }
}
