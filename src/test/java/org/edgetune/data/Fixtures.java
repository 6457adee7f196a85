package org.edgetune.data;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.edgetune.testing.TestCorpus;

/** Test data: the committed corpus fixture, hand-built archives and synthetic email lists. */
final class Fixtures {

  static final int FIXTURE_EMAILS = 300;
  static final int FIXTURE_SPAM = 94;

  private Fixtures() {}

  static Path corpusFixture() {
    return TestCorpus.spamFixture();
  }

  /** Writes a .tgz holding the given entries (name → content) in the given order. */
  static Path writeTgz(Path file, Map<String, byte[]> entries) throws IOException {
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file));
        GzipCompressorOutputStream gzip = new GzipCompressorOutputStream(out);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(gzip)) {
      for (var e : entries.entrySet()) {
        TarArchiveEntry entry = new TarArchiveEntry(e.getKey());
        entry.setSize(e.getValue().length);
        tar.putArchiveEntry(entry);
        tar.write(e.getValue());
        tar.closeArchiveEntry();
      }
    }
    return file;
  }

  /**
   * {@code n} emails of which the first {@code spam} are spam, spread round-robin over sources
   * named like the corpus folders; ids sort in creation order.
   */
  static List<Example> synthetic(int n, int spam) {
    List<Example> emails = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      boolean isSpam = i < spam;
      String source = isSpam ? "spam-" + (1 + i % 2) : "ham-" + (1 + i % 3);
      emails.add(
          Example.of(
              String.format("%s/%05d", source, i),
              source,
              "Subject: " + i + "\n\nbody",
              isSpam ? 1 : 0));
    }
    emails.sort(Comparator.comparing(Example::id));
    return List.copyOf(emails);
  }
}
