package org.edgetune.data;

import org.edgetune.config.NamedChoice;

/** Where the examples come from; config names as in {@code edgetune.data.source}. */
public enum DataSource implements NamedChoice {
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

  @Override
  public String configName() {
    return configName;
  }

  public boolean userFile() {
    return this == JSONL || this == CSV;
  }
}
