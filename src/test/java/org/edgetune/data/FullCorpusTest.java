package org.edgetune.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Runs only where scripts/fetch-corpus.sh has cached the real archive (CI fetches it first). */
class FullCorpusTest {

  @Test
  void fullArchiveHasTheDocumentedCounts() {
    DataSettings settings = DataSettings.fromConfig(ConfigFactory.defaultReference().resolve());
    assumeTrue(
        Files.isRegularFile(settings.archive()), "corpus not fetched: " + settings.archive());

    List<Example> emails = SpamAssassinArchive.read(settings.archive());

    assertThat(emails).hasSize(6046);
    assertThat(emails.stream().filter(e -> e.label() == 1).count()).isEqualTo(1896);
    assertThat(
            emails.stream().collect(Collectors.groupingBy(Example::group, Collectors.counting())))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "easy-ham-1",
                2500L,
                "easy-ham-2",
                1400L,
                "hard-ham-1",
                250L,
                "spam-1",
                500L,
                "spam-2",
                1396L));

    TrainTestSplit split = CorpusLoader.load(settings, 42);
    assertThat(split.test()).hasSize(1209); // round(0.2 × 6046)
    assertThat(split.test().stream().filter(e -> e.label() == 1).count())
        .isEqualTo(379); // round(1209 × 1896 / 6046)
  }
}
