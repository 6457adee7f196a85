package org.edgetune.data;

import java.util.Arrays;
import java.util.List;

/** Where the examples come from; config names as in {@code edgetune.data.source}. */
public enum DataSource {
  /** The SpamAssassin public corpus (built in; ham and spam). */
  SPAMASSASSIN("spamassassin"),
  /** The Brown Corpus cut into passages, labelled by genre section (built in; the harder task). */
  BROWN("brown"),
  /** The user's own JSON Lines file. */
  JSONL("jsonl"),
  /** The user's own CSV file with a header row. */
  CSV("csv");

  private final String configName;

  DataSource(String configName) {
    this.configName = configName;
  }

  public String configName() {
    return configName;
  }

  public boolean userFile() {
    return this == JSONL || this == CSV;
  }

  public static List<String> configNames() {
    return Arrays.stream(values()).map(DataSource::configName).toList();
  }

  public static DataSource fromConfigName(String name) {
    return Arrays.stream(values())
        .filter(s -> s.configName.equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown data source '" + name + "'"));
  }
}
