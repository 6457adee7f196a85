package org.edgetune.checkpoint;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.edgetune.output.OutputDirectory;

/**
 * Keeps a run's checkpoints tied to the configuration they were made with. When a run starts, a
 * copy of its {@code config.conf} goes beside the checkpoints; {@code --resume} compares the two
 * (SHA-256) and refuses an edited {@code config.conf}, naming the keys that changed, rather than
 * continue with, say, another seed and mix two runs in one {@code metrics.jsonl}.
 */
public final class ConfigGuard {

  private static final String COPY = "config.conf";

  private ConfigGuard() {}

  /** Records the configuration a run starts with (call after writing {@code DIR/config.conf}). */
  public static void record(CheckpointStore store, String configText) {
    try {
      Files.createDirectories(store.directory());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + store.directory(), e);
    }
    OutputDirectory.writeAtomically(
        store.directory().resolve(COPY), configText.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * @throws CannotResumeException when {@code config} differs from the recorded copy (a run without
   *     a copy, from before the copy was kept, is not checked)
   */
  public static void check(CheckpointStore store, Path config) {
    Path copy = store.directory().resolve(COPY);
    if (!Files.isRegularFile(copy)) {
      return;
    }
    String recorded = read(copy);
    String current = read(config);
    if (MessageDigest.isEqual(sha256(recorded), sha256(current))) {
      return;
    }
    List<String> changes =
        changes(ConfigFactory.parseString(recorded), ConfigFactory.parseString(current));
    throw new CannotResumeException(
        config
            + " no longer matches the configuration its checkpoints were made with ("
            + (changes.isEmpty() ? "the text differs" : String.join("; ", changes))
            + "); restore it (a copy is in "
            + copy
            + ") or start a new run");
  }

  private static List<String> changes(Config before, Config after) {
    Set<String> keys = new TreeSet<>();
    before.entrySet().forEach(e -> keys.add(e.getKey()));
    after.entrySet().forEach(e -> keys.add(e.getKey()));
    List<String> changes = new ArrayList<>();
    for (String key : keys) {
      String was = before.hasPath(key) ? before.getValue(key).render() : "(unset)";
      String now = after.hasPath(key) ? after.getValue(key).render() : "(unset)";
      if (!was.equals(now)) {
        changes.add(key + " was " + was + ", is " + now);
      }
    }
    return changes;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new CannotResumeException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
