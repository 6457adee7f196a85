package org.edgetune.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.edgetune.config.ConfigException;
import org.edgetune.data.DataSource;
import org.edgetune.data.Example;
import org.edgetune.testing.TestCorpus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The learned inversion's public text: never the devices' corpus, a keyed sample of the configured
 * size split four to one, and bad settings named by their key.
 */
class PublicCorpusTest {

  @Test
  void thePublicCorpusIsNeverTheDevicesOwn() {
    assertThat(PublicCorpus.sourceFor(DataSource.SPAMASSASSIN)).isEqualTo(DataSource.BROWN);
    assertThat(PublicCorpus.sourceFor(DataSource.BROWN)).isEqualTo(DataSource.SPAMASSASSIN);
    assertThat(PublicCorpus.sourceFor(DataSource.JSONL)).isEqualTo(DataSource.BROWN);
    assertThat(PublicCorpus.sourceFor(DataSource.CSV)).isEqualTo(DataSource.BROWN);
  }

  @Test
  void aKeyedSampleOfTheConfiguredSizeSplitFourToOne() {
    AuditSettings audit = new AuditSettings(50, TestCorpus.spamFixture().toString());
    PublicCorpus corpus = PublicCorpus.load(audit, DataSource.BROWN, 42);
    assertThat(corpus.source()).isEqualTo(DataSource.SPAMASSASSIN);
    assertThat(corpus.fit()).hasSize(40);
    assertThat(corpus.heldOut()).hasSize(10);
    assertThat(corpus.size()).isEqualTo(50);
    Set<String> ids = new HashSet<>();
    Stream.concat(corpus.fit().stream(), corpus.heldOut().stream()).forEach(e -> ids.add(e.id()));
    assertThat(ids).hasSize(50);

    PublicCorpus again = PublicCorpus.load(audit, DataSource.BROWN, 42);
    assertThat(ids(again.fit())).isEqualTo(ids(corpus.fit()));
    assertThat(ids(again.heldOut())).isEqualTo(ids(corpus.heldOut()));
    assertThat(ids(PublicCorpus.load(audit, DataSource.BROWN, 43).fit()))
        .isNotEqualTo(ids(corpus.fit()));
  }

  @Test
  void aCapBeyondTheCorpusTakesItAll() {
    PublicCorpus corpus =
        PublicCorpus.load(
            new AuditSettings(10_000, TestCorpus.spamFixture().toString()), DataSource.BROWN, 42);
    assertThat(corpus.size()).isEqualTo(300);
    assertThat(corpus.heldOut()).hasSize(60);
  }

  @Test
  void aMissingPublicCorpusNamesTheKeyAndTheFetchScript(@TempDir Path dir) {
    String absent = dir.resolve("absent.tgz").toString();
    assertThatThrownBy(
            () -> PublicCorpus.load(new AuditSettings(100, absent), DataSource.SPAMASSASSIN, 42))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("edgetune.privacy.audit.public-archive")
        .hasMessageContaining(absent)
        .hasMessageContaining("scripts/fetch-corpus.sh brown");
  }

  @Test
  void badCapsAndUnknownKeysAreNamed() {
    assertThat(PrivacySettings.fromConfig(reference("")).audit()).isEqualTo(AuditSettings.DEFAULT);
    assertThat(
            PrivacySettings.fromConfig(reference("edgetune.privacy.audit.public-texts = 300"))
                .audit()
                .publicTexts())
        .isEqualTo(300);
    for (String bad : List.of("5", "100001", "1.5", "many")) {
      assertThatThrownBy(
              () ->
                  PrivacySettings.fromConfig(
                      reference("edgetune.privacy.audit.public-texts = " + bad)))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("edgetune.privacy.audit.public-texts");
    }
    assertThatThrownBy(
            () -> PrivacySettings.fromConfig(reference("edgetune.privacy.audit.public-text = 9")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("edgetune.privacy.audit.public-text");
  }

  private static com.typesafe.config.Config reference(String overrides) {
    return ConfigFactory.parseString(overrides)
        .withFallback(ConfigFactory.defaultReference())
        .resolve();
  }

  private static List<String> ids(List<Example> examples) {
    return examples.stream().map(Example::id).toList();
  }
}
