package org.edgetune.data;

/** Reads the corpus named by the settings and cuts it into train and test sets. */
public final class CorpusLoader {

  private CorpusLoader() {}

  /** The split for this seed, with the settings' size caps applied; fails with a ConfigException naming the archive. */
  public static TrainTestSplit load(DataSettings settings, long seed) {
    return TrainTestSplit.of(SpamAssassinArchive.read(settings.archive()), settings.testFraction(), seed)
        .limited(settings.maxTrainExamples(), settings.maxTestExamples(), seed);
  }
}
