package org.edgetune.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * A run's output directory. Whole files ({@code summary.json}, plots, the report) are written
 * atomically (temp file, fsync, rename), so a crash never leaves a half-written one; the metrics
 * stream is appended one JSON object per line and flushed per record.
 */
public final class OutputDirectory implements AutoCloseable {

  public static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  private final Path dir;
  private BufferedWriter metrics;

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

  /** Appends one record (a map, keys sorted, or a record) to {@code metrics.jsonl} and flushes it. */
  public synchronized void appendMetrics(Object record) {
    try {
      if (metrics == null) {
        metrics = Files.newBufferedWriter(dir.resolve("metrics.jsonl"), StandardCharsets.UTF_8);
      }
      metrics.write(JSON.writeValueAsString(record));
      metrics.newLine();
      metrics.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + dir.resolve("metrics.jsonl"), e);
    }
  }

  public void writeJson(String name, Object value) {
    try {
      writeAtomically(dir.resolve(name), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(value));
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
              tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
        ch.write(java.nio.ByteBuffer.wrap(bytes));
        ch.force(true);
      }
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
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
