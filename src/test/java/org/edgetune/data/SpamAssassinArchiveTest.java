package org.edgetune.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.edgetune.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpamAssassinArchiveTest {

  @TempDir Path dir;

  @Test
  void readsTheFixtureWithLabelsFromTheFolders() {
    List<Example> emails = SpamAssassinArchive.read(Fixtures.corpusFixture());

    assertThat(emails).hasSize(Fixtures.FIXTURE_EMAILS);
    assertThat(emails.stream().filter(e -> e.label() == 1).count())
        .isEqualTo(Fixtures.FIXTURE_SPAM);
    assertThat(
            emails.stream().collect(Collectors.groupingBy(Example::group, Collectors.counting())))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "easy-ham-1",
                124L,
                "easy-ham-2",
                70L,
                "hard-ham-1",
                12L,
                "spam-1",
                25L,
                "spam-2",
                69L));
    assertThat(emails)
        .allSatisfy(
            e -> {
              assertThat(e.label() == 1).isEqualTo(e.group().startsWith("spam"));
              assertThat(e.id()).startsWith(e.group() + "/").doesNotEndWith(".txt");
              assertThat(e.text()).startsWith("Subject: ").contains("\n\n");
            });
    assertThat(emails).extracting(Example::id).isSorted().doesNotHaveDuplicates();
  }

  @Test
  void fixtureTextsKeepNeitherHeadersNorMarkup() throws IOException {
    // Bodies may legitimately quote header lines (a spam embeds a forwarded header block), so the
    // check is that each email's own Message-ID, unique to its header, is gone.
    Pattern messageId = Pattern.compile("(?im)^Message-Id:\\s*(\\S+)");
    int checked = 0;
    for (var entry : entriesOf(Fixtures.corpusFixture()).entrySet()) {
      if (entry.getKey().endsWith(".txt")) {
        String raw = new String(entry.getValue(), StandardCharsets.ISO_8859_1);
        Matcher m = messageId.matcher(raw.substring(0, raw.indexOf("\n\n")));
        if (m.find()) {
          assertThat(EmailCleaner.clean(entry.getValue())).doesNotContain(m.group(1));
          checked++;
        }
      }
    }
    assertThat(checked).isGreaterThan(250);

    Pattern markup = Pattern.compile("(?i)</?(html|head|body|table|tr|td|font|div|br|p)\\b[^>]*>");
    assertThat(SpamAssassinArchive.read(Fixtures.corpusFixture()))
        .noneMatch(e -> markup.matcher(e.text()).find());
  }

  @Test
  void resultDoesNotDependOnEntryOrder() throws IOException {
    Map<String, byte[]> entries = entriesOf(Fixtures.corpusFixture());
    List<String> names = new ArrayList<>(entries.keySet());
    Collections.reverse(names);
    Map<String, byte[]> reversed = new LinkedHashMap<>();
    names.forEach(n -> reversed.put(n, entries.get(n)));

    Path copy = Fixtures.writeTgz(dir.resolve("reversed.tgz"), reversed);

    assertThat(SpamAssassinArchive.read(copy))
        .isEqualTo(SpamAssassinArchive.read(Fixtures.corpusFixture()));
  }

  @Test
  void skipsFilesThatAreNotEmails() throws IOException {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("package/README.md", bytes("# readme"));
    entries.put("package/data/file_list.json", bytes("[]"));
    entries.put("package/data/spam-1/00001.abc.json", bytes("{\"text\":\"json copy\"}"));
    entries.put("package/data/spam-1/00001.abc.txt", bytes("Subject: win\n\nmoney"));
    entries.put("package/data/easy-ham-1/00002.def.txt", bytes("Subject: hi\n\nlunch?"));

    List<Example> emails =
        SpamAssassinArchive.read(Fixtures.writeTgz(dir.resolve("small.tgz"), entries));

    assertThat(emails)
        .containsExactly(
            Example.of("easy-ham-1/00002.def", "easy-ham-1", "Subject: hi\n\nlunch?", 0),
            Example.of("spam-1/00001.abc", "spam-1", "Subject: win\n\nmoney", 1));
  }

  @Test
  void missingArchiveNamesTheFileAndTheFetchScript() {
    Path missing = dir.resolve("nowhere/corpus.tgz");

    assertThatThrownBy(() -> SpamAssassinArchive.read(missing))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(missing.toString())
        .hasMessageContaining("does not exist")
        .hasMessageContaining("scripts/fetch-corpus.sh");
  }

  @Test
  void truncatedArchiveNamesTheFileAndTheFetchScript() throws IOException {
    byte[] whole = Files.readAllBytes(Fixtures.corpusFixture());
    Path truncated =
        Files.write(dir.resolve("truncated.tgz"), Arrays.copyOf(whole, whole.length / 2));

    assertCorrupt(truncated);
  }

  @Test
  void damagedChecksumIsCaughtEvenAfterTheTarEnds() throws IOException {
    // The tar is followed by zero blocks (as tar writers may pad), so the tar reader stops early;
    // a flipped bit in the stored CRC-32 (the gzip trailer's first four bytes) is the only damage.
    byte[] tar;
    try (InputStream in =
        new GzipCompressorInputStream(Files.newInputStream(Fixtures.corpusFixture()))) {
      tar = in.readAllBytes();
    }
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
      out.write(tar);
      out.write(new byte[1 << 20]);
    }
    byte[] bytes = gz.toByteArray();
    bytes[bytes.length - 8] ^= 0x01;
    Path damaged = Files.write(dir.resolve("damaged.tgz"), bytes);

    assertCorrupt(damaged);
  }

  @Test
  void damagedCompressedDataIsReportedAsCorrupt() throws IOException {
    byte[] bytes = Files.readAllBytes(Fixtures.corpusFixture());
    bytes[bytes.length / 2] ^= 0x10;
    assertCorrupt(Files.write(dir.resolve("damaged.tgz"), bytes));
  }

  @Test
  void fileThatIsNotGzipIsReportedAsCorrupt() throws IOException {
    assertCorrupt(Files.writeString(dir.resolve("page.tgz"), "<html>404 not found</html>"));
  }

  @Test
  void archiveWithoutEmailsIsRejected() throws IOException {
    Path other =
        Fixtures.writeTgz(dir.resolve("other.tgz"), Map.of("package/index.js", bytes("x")));

    assertThatThrownBy(() -> SpamAssassinArchive.read(other))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(other.toString())
        .hasMessageContaining("no emails")
        .hasMessageContaining("scripts/fetch-corpus.sh");
  }

  private static void assertCorrupt(Path archive) {
    assertThatThrownBy(() -> SpamAssassinArchive.read(archive))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(archive.toString())
        .hasMessageContaining("truncated or corrupt")
        .hasMessageContaining("scripts/fetch-corpus.sh");
  }

  private static Map<String, byte[]> entriesOf(Path tgz) throws IOException {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    try (InputStream in = Files.newInputStream(tgz);
        TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(in))) {
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        if (entry.isFile()) {
          entries.put(entry.getName(), tar.readAllBytes());
        }
      }
    }
    return entries;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }
}
