package org.edgetune.config;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.text.similarity.LevenshteinDistance;

/**
 * The valid key nearest to a misspelt or misplaced one, for "did you mean" in error messages. The
 * valid keys are those of {@code reference.conf}'s {@code edgetune} section (every key the program
 * reads has a default there). A key is compared by its trailing segments, so a key given without
 * its section ({@code rounds}) or in the wrong one ({@code edgetune.federated.rounds}) finds {@code
 * edgetune.schedule.rounds}; each segment of the given key left out of the comparison costs one
 * edit.
 */
public final class KeySuggestions {

  private static final LevenshteinDistance DISTANCE = LevenshteinDistance.getDefaultInstance();
  private static volatile List<String> known;

  private KeySuggestions() {}

  /**
   * Every key and section path under {@code edgetune} in the library defaults, e.g. {@code
   * edgetune.schedule.rounds}.
   */
  public static List<String> known() {
    if (known == null) {
      List<String> keys = new ArrayList<>();
      collect(ConfigFactory.defaultReference().getObject("edgetune"), "edgetune", keys);
      known = List.copyOf(keys);
    }
    return known;
  }

  /**
   * The nearest of {@link #known()} and {@code extra}, if it is near enough to be a likely meaning.
   */
  public static Optional<String> nearest(String key, Collection<String> extra) {
    List<String> candidates = new ArrayList<>(known());
    candidates.addAll(extra);
    String[] given = strip(key).split("\\.");
    String best = null;
    int bestScore = Integer.MAX_VALUE;
    int bestWhole = Integer.MAX_VALUE;
    for (String candidate : candidates) {
      if (candidate.equals(key)) {
        continue;
      }
      String[] segments = strip(candidate).split("\\.");
      int score = Integer.MAX_VALUE;
      for (int j = 1; j <= Math.min(given.length, segments.length); j++) {
        int edits = DISTANCE.apply(tail(given, j), tail(segments, j)) + (given.length - j);
        score = Math.min(score, edits);
      }
      int whole = DISTANCE.apply(strip(key), strip(candidate));
      if (score < bestScore || (score == bestScore && whole < bestWhole)) {
        best = candidate;
        bestScore = score;
        bestWhole = whole;
      }
    }
    int allowed = Math.max(2, given[given.length - 1].length() / 3);
    return bestScore <= allowed ? Optional.of(best) : Optional.empty();
  }

  /** {@code "; did you mean X?"}, or nothing when no key is near. */
  public static String didYouMean(String key, Collection<String> extra) {
    return nearest(key, extra).map(k -> "; did you mean " + k + "?").orElse("");
  }

  private static String strip(String key) {
    return key.startsWith("edgetune.") ? key.substring("edgetune.".length()) : key;
  }

  private static String tail(String[] segments, int count) {
    return String.join(".", List.of(segments).subList(segments.length - count, segments.length));
  }

  private static void collect(ConfigObject object, String path, List<String> keys) {
    for (Map.Entry<String, ConfigValue> entry : object.entrySet()) {
      String key = path + "." + entry.getKey();
      keys.add(key);
      if (entry.getValue().valueType() == ConfigValueType.OBJECT) {
        collect((ConfigObject) entry.getValue(), key, keys);
      }
    }
  }
}
