package org.edgetune.data;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.edgetune.util.KeyedRandom;
import org.edgetune.util.StreamPurpose;

/**
 * The data set cut into a training set (spread over the devices) and a held-out test set, both in
 * id order. Both cuts are stratified by label and seeded, and depend only on the seed and the set
 * of examples, not on the order they were read in. The held-out unit is the document: where several
 * examples were cut from one text (Brown passages), the text goes whole to one side, so the test
 * set holds no passage of a text that was trained on. Where each example is its own document
 * (SpamAssassin, JSONL, CSV) this is the per-example split.
 */
public record TrainTestSplit(List<Example> train, List<Example> test) {

  public TrainTestSplit {
    train = List.copyOf(train);
    test = List.copyOf(test);
  }

  /** Holds out {@code round(testFraction × documents)} documents, classes in the data's ratio. */
  public static TrainTestSplit of(List<Example> examples, double testFraction, long seed) {
    if (!(testFraction > 0.0 && testFraction < 1.0)) {
      throw new IllegalArgumentException("test fraction must be in (0, 1), not " + testFraction);
    }
    List<Example> sorted = new ArrayList<>(examples);
    sorted.sort(Comparator.comparing(Example::id));
    Map<String, Example> firstOfDocument = new LinkedHashMap<>();
    for (Example e : sorted) {
      Example first = firstOfDocument.putIfAbsent(e.document(), e);
      if (first != null && first.label() != e.label()) {
        throw new IllegalArgumentException(
            "document "
                + e.document()
                + " holds examples of two classes ("
                + first.id()
                + ", "
                + e.id()
                + ")");
      }
    }
    // One stand-in per document, named by the document, so a data set of one-example documents
    // draws exactly what a per-example split draws.
    List<Example> documents = new ArrayList<>(firstOfDocument.size());
    for (Example first : firstOfDocument.values()) {
      documents.add(
          first.id().equals(first.document())
              ? first
              : new Example(first.document(), first.document(), first.group(), "", first.label()));
    }
    documents.sort(Comparator.comparing(Example::id));
    int testCount = (int) Math.round(testFraction * documents.size());
    List<Example> heldDocuments =
        StratifiedSample.choose(
            documents,
            testCount,
            KeyedRandom.stream(seed, StreamPurpose.DATA_SPLIT, KeyedRandom.ANY, KeyedRandom.ANY));
    Set<String> held = new HashSet<>();
    heldDocuments.forEach(d -> held.add(d.document()));
    List<Example> test = sorted.stream().filter(e -> held.contains(e.document())).toList();
    List<Example> train = sorted.stream().filter(e -> !held.contains(e.document())).toList();
    return new TrainTestSplit(train, test);
  }

  /** Stratified subsets of at most the given sizes (0 keeps a set whole), for quick runs. */
  public TrainTestSplit limited(int maxTrain, int maxTest, long seed) {
    return new TrainTestSplit(
        capped(train, maxTrain, seed, StreamPurpose.DATA_LIMIT_TRAIN),
        capped(test, maxTest, seed, StreamPurpose.DATA_LIMIT_TEST));
  }

  private static List<Example> capped(
      List<Example> examples, int max, long seed, StreamPurpose purpose) {
    if (max == 0 || max >= examples.size()) {
      return examples;
    }
    return StratifiedSample.choose(
        examples, max, KeyedRandom.stream(seed, purpose, KeyedRandom.ANY, KeyedRandom.ANY));
  }
}
