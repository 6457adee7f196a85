package org.edgetune.data;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.edgetune.util.KeyedRandom;

/**
 * The corpus cut into a training set (spread over the devices) and a held-out test set, both in id
 * order. Both cuts are stratified by label and seeded, and depend only on the seed and the set of
 * emails, not on the order they were read in.
 */
public record TrainTestSplit(List<Email> train, List<Email> test) {

  public TrainTestSplit {
    train = List.copyOf(train);
    test = List.copyOf(test);
  }

  /** Holds out {@code round(testFraction × n)} emails, spam and ham in the corpus ratio. */
  public static TrainTestSplit of(List<Email> emails, double testFraction, long seed) {
    if (!(testFraction > 0.0 && testFraction < 1.0)) {
      throw new IllegalArgumentException("test fraction must be in (0, 1), not " + testFraction);
    }
    List<Email> sorted = new ArrayList<>(emails);
    sorted.sort(Comparator.comparing(Email::id));
    int testCount = (int) Math.round(testFraction * sorted.size());
    List<Email> test =
        StratifiedSample.choose(sorted, testCount, KeyedRandom.stream(seed, "data.split", KeyedRandom.ANY, KeyedRandom.ANY));
    Set<Email> held = new HashSet<>(test);
    List<Email> train = sorted.stream().filter(e -> !held.contains(e)).toList();
    return new TrainTestSplit(train, test);
  }

  /** Stratified subsets of at most the given sizes (0 keeps a set whole), for quick runs. */
  public TrainTestSplit limited(int maxTrain, int maxTest, long seed) {
    return new TrainTestSplit(
        capped(train, maxTrain, seed, "data.limit.train"), capped(test, maxTest, seed, "data.limit.test"));
  }

  private static List<Email> capped(List<Email> emails, int max, long seed, String purpose) {
    if (max == 0 || max >= emails.size()) {
      return emails;
    }
    return StratifiedSample.choose(emails, max, KeyedRandom.stream(seed, purpose, KeyedRandom.ANY, KeyedRandom.ANY));
  }
}
