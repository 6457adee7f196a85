package org.edgetune.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.edgetune.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * JSONL and CSV data sets of the user's own: parsing, classes, and errors naming file, line and
 * field.
 */
class UserDataTest {

  @TempDir Path dir;

  static Path resource(String name) {
    try {
      return Path.of(UserDataTest.class.getResource("/user-data/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static DataSettings settings(String overrides) {
    Config config =
        ConfigFactory.parseString(overrides)
            .withFallback(ConfigFactory.defaultReference())
            .resolve();
    return DataSettings.fromConfig(config, Map.of(), "/home/u");
  }

  private DataSettings jsonl(String content, String more) throws Exception {
    Path file = dir.resolve("data.jsonl");
    Files.writeString(file, content);
    return settings("edgetune.data { source = jsonl, path = \"" + file + "\"\n" + more + " }");
  }

  @Test
  void jsonlFixtureReadsWithClassesInStringOrder() {
    DataSettings s =
        settings(
            "edgetune.data { source = jsonl, path = \""
                + resource("reviews.jsonl")
                + "\", group-field = user }");
    List<Example> examples = CorpusLoader.read(s);

    assertThat(s.classes()).containsExactly("negative", "neutral", "positive");
    assertThat(examples).hasSize(24);
    assertThat(examples.get(0))
        .isEqualTo(
            Example.of("01", "u1", "The battery lasts two full days and charging is quick.", 2));
    assertThat(examples.get(1).label()).isEqualTo(0);
    assertThat(examples.get(2).label()).isEqualTo(1);
    assertThat(examples.stream().map(Example::group).distinct().sorted())
        .containsExactly("u1", "u2", "u3", "u4");
  }

  @Test
  void csvFixtureReadsTheSameExamplesAsTheJsonl() {
    DataSettings csv =
        settings(
            "edgetune.data { source = csv, path = \""
                + resource("reviews.csv")
                + "\", text-field = review, label-field = rating, group-field = user }");
    DataSettings jsonl =
        settings(
            "edgetune.data { source = jsonl, path = \""
                + resource("reviews.jsonl")
                + "\", group-field = user }");
    List<Example> fromCsv = CorpusLoader.read(csv);
    List<Example> fromJsonl = CorpusLoader.read(jsonl);

    assertThat(csv.classes()).isEqualTo(jsonl.classes());
    assertThat(fromCsv).hasSize(24);
    for (int i = 0; i < 24; i++) {
      // CSV record i sits on line i + 2 (after the header), JSONL record i on line i + 1.
      assertThat(fromCsv.get(i).text()).isEqualTo(fromJsonl.get(i).text());
      assertThat(fromCsv.get(i).label()).isEqualTo(fromJsonl.get(i).label());
      assertThat(fromCsv.get(i).group()).isEqualTo(fromJsonl.get(i).group());
      assertThat(Integer.parseInt(fromCsv.get(i).id())).isEqualTo(i + 2);
    }
  }

  @Test
  void listedClassesFixTheOrderAndNumbersBecomeLabels() throws Exception {
    DataSettings s =
        jsonl(
            "{\"text\":\"a\",\"label\":3}\n\n{\"text\":\"b\",\"label\":1}\n",
            "classes = [\"3\", \"1\", \"2\"]");
    List<Example> examples = CorpusLoader.read(s);

    assertThat(s.classes()).containsExactly("3", "1", "2");
    assertThat(examples).extracting(Example::label).containsExactly(0, 1);
    assertThat(examples).extracting(Example::id).containsExactly("1", "3");
  }

  @Test
  void csvKeepsQuotedCommasQuotesAndLineBreaks() throws Exception {
    Path file = dir.resolve("d.csv");
    Files.writeString(file, "text,label\n\"one, \"\"two\"\"\nthree\",a\nfour,b\n");
    DataSettings s = settings("edgetune.data { source = csv, path = \"" + file + "\" }");
    List<Example> examples = CorpusLoader.read(s);

    assertThat(examples).extracting(Example::text).containsExactly("one, \"two\"\nthree", "four");
    assertThat(examples).extracting(Example::id).containsExactly("2", "4");
  }

  @Test
  void missingFieldNamesFileLineAndField() throws Exception {
    assertThatThrownBy(
            () -> jsonl("{\"text\":\"a\",\"label\":\"x\"}\n{\"text\":\"b\",\"lable\":\"y\"}\n", ""))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("data.jsonl line 2: field 'label' is missing");
  }

  @Test
  void emptyTextNamesFileLineAndField() throws Exception {
    assertThatThrownBy(
            () ->
                jsonl(
                    "{\"text\":\"a\",\"label\":\"x\"}\n{\"text\":\"b\",\"label\":\"y\"}\n{\"text\":\"  \",\"label\":\"y\"}\n",
                    ""))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("data.jsonl line 3: field 'text' is empty");
  }

  @Test
  void unknownLabelNamesFileLineFieldAndTheClasses() throws Exception {
    DataSettings s =
        jsonl(
            "{\"text\":\"a\",\"label\":\"x\"}\n{\"text\":\"b\",\"label\":\"z\"}\n",
            "classes = [x, y]");
    assertThatThrownBy(() -> CorpusLoader.read(s))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("data.jsonl line 2: field 'label' has the unknown label 'z'")
        .hasMessageContaining("[x, y]");
  }

  @Test
  void malformedJsonNamesTheLine() {
    assertThatThrownBy(
            () -> jsonl("{\"text\":\"a\",\"label\":\"x\"}\n{\"text\":\"b\",\"label\":\"y\"\n", ""))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("data.jsonl line 2: malformed JSON");
    assertThatThrownBy(() -> jsonl("[1, 2]\n", ""))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("data.jsonl line 1: expected a JSON object");
  }

  @Test
  void badEncodingNamesTheLine() throws Exception {
    Path file = dir.resolve("latin1.jsonl");
    Files.write(
        file,
        "{\"text\":\"a\",\"label\":\"x\"}\n{\"text\":\"caf\u00e9\",\"label\":\"y\"}\n"
            .getBytes(StandardCharsets.ISO_8859_1));
    assertThatThrownBy(() -> settings("edgetune.data { source = jsonl, path = \"" + file + "\" }"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("latin1.jsonl line 2: not UTF-8");
  }

  @Test
  void csvErrorsNameTheLineAndColumn() throws Exception {
    Path missingColumn = dir.resolve("cols.csv");
    Files.writeString(missingColumn, "body,label\nhello,a\n");
    assertThatThrownBy(
            () -> settings("edgetune.data { source = csv, path = \"" + missingColumn + "\" }"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("cols.csv line 1: field 'text' is not a column");

    Path shortRow = dir.resolve("short.csv");
    Files.writeString(shortRow, "text,label\nhello,a\nworld\n");
    assertThatThrownBy(
            () -> settings("edgetune.data { source = csv, path = \"" + shortRow + "\" }"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("short.csv line 3: malformed CSV");

    Path emptyText = dir.resolve("empty.csv");
    Files.writeString(emptyText, "text,label\nhello,a\n,b\n");
    assertThatThrownBy(
            () -> settings("edgetune.data { source = csv, path = \"" + emptyText + "\" }"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("empty.csv line 3: field 'text' is empty");
  }

  @Test
  void configMistakesNameTheKey() throws Exception {
    assertThatThrownBy(() -> settings("edgetune.data.source = jsonl"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("edgetune.data.path");
    assertThatThrownBy(
            () ->
                settings(
                    "edgetune.data { source = jsonl, path = \""
                        + dir.resolve("none.jsonl")
                        + "\" }"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("none.jsonl")
        .hasMessageContaining("no such file");
    assertThatThrownBy(() -> jsonl("{\"text\":\"a\",\"label\":\"x\"}\n", ""))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("only the class [x]");
    assertThatThrownBy(
            () ->
                jsonl(
                    "{\"text\":\"a\",\"label\":\"x\"}\n{\"text\":\"b\",\"label\":\"y\"}\n",
                    "partition = by-group"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("edgetune.data.group-field");
    assertThatThrownBy(() -> settings("edgetune.data.classes = [a, b]"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("edgetune.data.classes");
    assertThatThrownBy(() -> jsonl("{\"text\":\"a\",\"label\":\"x\"}\n", "classes = [x, x]"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("distinct");
  }

  @Test
  void headMustFitTheClasses() {
    DataSettings s =
        settings("edgetune.data { source = jsonl, path = \"" + resource("reviews.jsonl") + "\" }");
    assertThatThrownBy(() -> s.requireHeadFits(2))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("edgetune.model.classes")
        .hasMessageContaining("3 classes [negative, neutral, positive]");
  }
}
