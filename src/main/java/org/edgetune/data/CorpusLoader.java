package org.edgetune.data;

import java.util.List;

/** Reads the data set named by the settings and cuts it into train and test sets. */
public final class CorpusLoader {

  private CorpusLoader() {}

  /**
   * The split for this seed, with the settings' size caps applied; fails with a ConfigException
   * naming the file.
   */
  public static TrainTestSplit load(DataSettings settings, long seed) {
    return TrainTestSplit.of(read(settings), settings.testFraction(), seed)
        .limited(settings.maxTrainExamples(), settings.maxTestExamples(), seed);
  }

  /** Every example of the data set, in id order, labels indexing {@link DataSettings#classes()}. */
  static List<Example> read(DataSettings settings) {
    return switch (settings.source()) {
      case SPAMASSASSIN -> SpamAssassinArchive.read(settings.archive());
      case BROWN -> BrownArchive.read(settings.archive(), settings.brownLabels());
      case JSONL, CSV ->
          UserData.examples(
              UserData.rows(
                  settings.source(),
                  settings.path(),
                  DataSettings.SECTION + ".path",
                  settings.fields()),
              settings.classes(),
              settings.path(),
              settings.fields());
    };
  }
}
