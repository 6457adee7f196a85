package org.edgetune.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.edgetune.config.ConfigException;
import org.junit.jupiter.api.Test;

class CorpusLoaderTest {

  private static DataSettings fixture(int maxTrain, int maxTest) {
    return DataSettings.spamAssassin(
        Fixtures.corpusFixture(), 0.2, PartitionScheme.IID, 0.5, maxTrain, maxTest);
  }

  @Test
  void loadsSplitsAndCapsTheFixture() {
    TrainTestSplit whole = CorpusLoader.load(fixture(0, 0), 42);
    TrainTestSplit capped = CorpusLoader.load(fixture(100, 30), 42);

    assertThat(whole.train()).hasSize(240);
    assertThat(whole.test()).hasSize(60);
    assertThat(whole.test().stream().filter(e -> e.label() == 1).count())
        .isEqualTo(19); // round(60 × 94 / 300)
    assertThat(capped.train()).hasSize(100).isSubsetOf(whole.train());
    assertThat(capped.test()).hasSize(30).isSubsetOf(whole.test());
    assertThat(CorpusLoader.load(fixture(100, 30), 42)).isEqualTo(capped);
  }

  @Test
  void missingArchiveFromSettingsNamesTheFetchScript() {
    DataSettings settings =
        DataSettings.spamAssassin(
            Path.of("/nonexistent/sa.tgz"), 0.2, PartitionScheme.IID, 0.5, 0, 0);

    assertThatThrownBy(() -> CorpusLoader.load(settings, 42))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("/nonexistent/sa.tgz")
        .hasMessageContaining("scripts/fetch-corpus.sh");
  }
}
