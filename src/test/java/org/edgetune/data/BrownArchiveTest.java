package org.edgetune.data;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The Brown Corpus task on the real archive (scripts/fetch-corpus.sh brown, run by scripts/test).
 */
class BrownArchiveTest {

  private static DataSettings brown(String labels) {
    return DataSettings.fromConfig(
        ConfigFactory.parseString("edgetune.data { source = brown, brown-labels = " + labels + " }")
            .withFallback(ConfigFactory.defaultReference())
            .resolve());
  }

  @Test
  void passagesCoverAllFiveHundredTextsWithTheDocumentedCounts() {
    DataSettings settings = brown("sections");
    List<Example> passages = CorpusLoader.read(settings);

    assertThat(passages.stream().map(Example::document).distinct().count()).isEqualTo(500);
    // Counted by a separate script over the unpacked package (same rule: whole sentences until
    // at least 60 tokens, a short tail joining the last passage): 15,603 passages.
    assertThat(passages).hasSize(15_603);
    assertThat(
            passages.stream().collect(Collectors.groupingBy(Example::label, Collectors.counting())))
        .isEqualTo(Map.of(0, 2_718L, 1, 6_288L, 2, 2_390L, 3, 4_207L));
    // texts per genre as listed in the corpus manual (A 44, B 27, C 17, ..., R 9)
    Map<String, Long> textsPerGenre =
        passages.stream()
            .collect(
                Collectors.groupingBy(
                    Example::group, Collectors.mapping(Example::document, Collectors.toSet())))
            .entrySet()
            .stream()
            .collect(Collectors.toMap(Map.Entry::getKey, e -> (long) e.getValue().size()));
    assertThat(textsPerGenre)
        .containsAllEntriesOf(
            Map.of(
                "news",
                44L,
                "editorial",
                27L,
                "reviews",
                17L,
                "learned",
                80L,
                "belles_lettres",
                75L,
                "humor",
                9L,
                "science_fiction",
                6L));
    // 4 sections: press = A-C (88 texts), general prose D-H (206), learned J (80), fiction K-R
    // (126)
    Map<Integer, Set<String>> textsPerClass =
        passages.stream()
            .collect(
                Collectors.groupingBy(
                    Example::label, Collectors.mapping(Example::document, Collectors.toSet())));
    assertThat(settings.classes()).containsExactly("press", "general-prose", "learned", "fiction");
    assertThat(textsPerClass.get(0)).hasSize(88);
    assertThat(textsPerClass.get(1)).hasSize(206);
    assertThat(textsPerClass.get(2)).hasSize(80);
    assertThat(textsPerClass.get(3)).hasSize(126);
    assertThat(passages.get(0).id()).isEqualTo("ca01/000");
    assertThat(passages.get(0).text())
        .startsWith("The Fulton County Grand Jury said Friday an investigation of");
    assertThat(passages.get(0).text()).doesNotContain("/at").contains("\"");
  }

  @Test
  void genresLabelFifteenClassesInLetterOrder() {
    DataSettings settings = brown("genres");
    List<Example> passages = CorpusLoader.read(settings);
    assertThat(settings.classes()).hasSize(15).startsWith("news", "editorial").endsWith("humor");
    for (Example e : passages) {
      assertThat(settings.classes().get(e.label())).isEqualTo(e.group());
    }
  }

  @Test
  void splitKeepsEveryTextOnOneSide() {
    List<Example> passages = CorpusLoader.read(brown("sections"));
    TrainTestSplit split = TrainTestSplit.of(passages, 0.2, 42);

    Set<String> trainTexts =
        split.train().stream().map(Example::document).collect(Collectors.toSet());
    Set<String> testTexts =
        split.test().stream().map(Example::document).collect(Collectors.toSet());
    assertThat(new HashSet<>(trainTexts)).doesNotContainAnyElementsOf(testTexts);
    assertThat(testTexts).hasSize(100); // round(0.2 × 500) texts
    assertThat(split.train().size() + split.test().size()).isEqualTo(passages.size());
    // stratified by section over texts: 88, 206, 80, 126 × 0.2 → 17.6, 41.2, 16, 25.2 → 18, 41, 16,
    // 25
    Map<Integer, Long> testTextsPerClass =
        split.test().stream()
            .collect(
                Collectors.groupingBy(
                    Example::label, Collectors.mapping(Example::document, Collectors.toSet())))
            .entrySet()
            .stream()
            .collect(Collectors.toMap(Map.Entry::getKey, e -> (long) e.getValue().size()));
    assertThat(testTextsPerClass).isEqualTo(Map.of(0, 18L, 1, 41L, 2, 16L, 3, 25L));
  }

  @Test
  void passagesAreWholeSentencesOfAtLeastTheMinimumLength() {
    List<String> passages =
        BrownArchive.passages(
            "\n\n\tA/at b/nn ./.\n\n\t``/`` C/np ''/'' d/vb ./.\n"
                + "\tw/nn ".repeat(1)
                + "x/nn ./.\n");
    assertThat(passages).containsExactly("A b . \" C \" d . w x .");
  }
}
