package org.edgetune.output;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A run's output directory. Whole files ({@code summary.json}, plots, the report) are written
 * atomically (temp file, fsync, rename), so a crash never leaves a half-written one; the metrics
 * stream is appended one JSON object per line and flushed per record. A resumed run first cuts the
 * stream back to the lines its checkpoint covers ({@link #truncateMetrics}) and appends after them.
 */
public final class OutputDirectory implements AutoCloseable {

  public static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  private final Path dir;
  private FileChannel metrics;

  /** Lines in metrics.jsonl: those this run appended plus those a resumed run kept. */
  private long metricsLines;

  private boolean keepExistingMetrics;

  public OutputDirectory(Path dir) {
    this.dir = dir;
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create output directory " + dir, e);
    }
  }

  public Path path() {
    return dir;
  }

  public Path resolve(String name) {
    return dir.resolve(name);
  }

  /**
   * Appends one record (a map, keys sorted, or a record) to {@code metrics.jsonl}; the line is in
   * the operating system's hands when this returns (a killed JVM does not lose it).
   */
  public synchronized void appendMetrics(Object record) {
    try {
      if (metrics == null) {
        metrics =
            keepExistingMetrics
                ? FileChannel.open(
                    metricsFile(), StandardOpenOption.WRITE, StandardOpenOption.APPEND)
                : FileChannel.open(
                    metricsFile(),
                    StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE);
      }
      ByteBuffer line =
          ByteBuffer.wrap(
              (JSON.writeValueAsString(record) + "\n").getBytes(StandardCharsets.UTF_8));
      while (line.hasRemaining()) {
        metrics.write(line);
      }
      metricsLines++;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + metricsFile(), e);
    }
  }

  /** Lines of {@code metrics.jsonl} written so far (kept and appended). */
  public synchronized long metricsLines() {
    return metricsLines;
  }

  /** Forces the metrics lines to the disk, so that nothing written after them can outlive them. */
  public synchronized void syncMetrics() {
    if (metrics != null) {
      try {
        metrics.force(false);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot sync " + metricsFile(), e);
      }
    }
  }

  /**
   * The first {@code lines} complete lines of an existing {@code metrics.jsonl}, without changing
   * it.
   *
   * @throws IllegalStateException if the file holds fewer
   */
  public List<String> readMetrics(long lines) {
    List<String> kept = new ArrayList<>();
    byte[] bytes = readMetricsBytes();
    int start = 0;
    for (int i = 0; i < bytes.length && kept.size() < lines; i++) {
      if (bytes[i] == '\n') {
        kept.add(new String(bytes, start, i - start, StandardCharsets.UTF_8));
        start = i + 1;
      }
    }
    if (kept.size() < lines) {
      throw new IllegalStateException(
          metricsFile()
              + " holds "
              + kept.size()
              + " complete lines, fewer than the "
              + lines
              + " expected");
    }
    return kept;
  }

  /**
   * Complete (newline-terminated) lines of an existing {@code metrics.jsonl}; a cut last line does
   * not count.
   */
  public long completeMetricsLines() {
    long lines = 0;
    for (byte b : readMetricsBytes()) {
      if (b == '\n') {
        lines++;
      }
    }
    return lines;
  }

  /**
   * Cuts {@code metrics.jsonl} after its first {@code lines} lines (any later, possibly partial
   * line belongs to a round that was not checkpointed); later records are appended after them.
   */
  public synchronized void truncateMetrics(long lines) {
    if (metrics != null) {
      throw new IllegalStateException("metrics are being written already");
    }
    long bytes = 0;
    for (String line : readMetrics(lines)) {
      bytes += line.getBytes(StandardCharsets.UTF_8).length + 1;
    }
    try (FileChannel ch =
        FileChannel.open(metricsFile(), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      ch.truncate(bytes);
      ch.force(true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot truncate " + metricsFile(), e);
    }
    metricsLines = lines;
    keepExistingMetrics = true;
  }

  private byte[] readMetricsBytes() {
    try {
      return Files.exists(metricsFile()) ? Files.readAllBytes(metricsFile()) : new byte[0];
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + metricsFile(), e);
    }
  }

  /**
   * Removes temp files a stopped run left (a kill between writing a temp file and renaming it), in
   * the directory and its subdirectories.
   */
  public void removeTempFiles() {
    try (var paths = Files.walk(dir, 2)) {
      for (Path p : paths.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove temp files in " + dir, e);
    }
  }

  private Path metricsFile() {
    return dir.resolve("metrics.jsonl");
  }

  public void writeJson(String name, Object value) {
    try {
      writeAtomically(
          dir.resolve(name), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(value));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + dir.resolve(name), e);
    }
  }

  public void writeText(String name, String text) {
    writeAtomically(dir.resolve(name), text.getBytes(StandardCharsets.UTF_8));
  }

  /** Writes to a temp file in the same directory, fsyncs it, then renames it over the target. */
  public static void writeAtomically(Path target, byte[] bytes) {
    Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
    try {
      try (FileChannel ch =
          FileChannel.open(
              tmp,
              StandardOpenOption.CREATE,
              StandardOpenOption.TRUNCATE_EXISTING,
              StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
          ch.write(buffer);
        }
        ch.force(true);
      }
      try {
        Files.move(
            tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      // A full disk, say: the half-written temp file must not stay behind.
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw new UncheckedIOException("cannot write " + target, e);
    }
  }

  @Override
  public synchronized void close() {
    if (metrics != null) {
      try {
        metrics.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      metrics = null;
    }
  }
}
