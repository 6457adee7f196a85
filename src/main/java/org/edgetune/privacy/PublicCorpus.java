package org.edgetune.privacy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.edgetune.config.ConfigException;
import org.edgetune.data.BrownArchive;
import org.edgetune.data.DataSettings;
import org.edgetune.data.DataSource;
import org.edgetune.data.Example;
import org.edgetune.data.SpamAssassinArchive;
import org.edgetune.util.KeyedRandom;
import org.edgetune.util.KeyedSampling;
import org.edgetune.util.StreamPurpose;

/**
 * The public text an honest-but-curious server trains its learned inversion on: a built-in corpus
 * that is not the devices' (Brown for SpamAssassin and user files, SpamAssassin for Brown), a keyed
 * sample of {@link AuditSettings#publicTexts} of it, the last fifth of the draw held out to choose
 * the ridge penalty on.
 *
 * @param source which corpus
 * @param archive the tarball it was read from
 * @param fit the texts the map is fitted on
 * @param heldOut the texts the penalty is chosen on
 */
public record PublicCorpus(
    DataSource source, Path archive, List<Example> fit, List<Example> heldOut) {

  public PublicCorpus {
    fit = List.copyOf(fit);
    heldOut = List.copyOf(heldOut);
  }

  /** The public corpus for a task whose devices hold {@code devicesData}. */
  public static DataSource sourceFor(DataSource devicesData) {
    return devicesData == DataSource.BROWN ? DataSource.SPAMASSASSIN : DataSource.BROWN;
  }

  /**
   * Reads and samples the public corpus; a missing archive is bad input naming {@code
   * edgetune.privacy.audit.public-archive}.
   */
  public static PublicCorpus load(AuditSettings audit, DataSource devicesData, long seed) {
    DataSource source = sourceFor(devicesData);
    Path archive =
        audit.publicArchive().isBlank()
            ? DataSettings.cachedArchive(source)
            : Path.of(audit.publicArchive());
    if (!Files.isRegularFile(archive)) {
      throw new ConfigException(
          "the learned inversion's public corpus ("
              + source.configName()
              + ", because the devices hold "
              + devicesData.configName()
              + ") is missing: "
              + archive
              + " does not exist; fetch it with "
              + (source == DataSource.BROWN
                  ? BrownArchive.FETCH_SCRIPT
                  : SpamAssassinArchive.FETCH_SCRIPT)
              + " or point config key '"
              + AuditSettings.SECTION
              + ".public-archive' at a copy");
    }
    List<Example> all =
        source == DataSource.BROWN
            ? BrownArchive.read(archive, BrownArchive.Labels.SECTIONS)
            : SpamAssassinArchive.read(archive);
    return sample(source, archive, all, audit.publicTexts(), seed);
  }

  /**
   * {@code count} of {@code all} drawn from the stream (seed, "privacy.public-texts"); the first
   * four fifths of the draw are fitted on, the rest held out (at least one text each).
   */
  static PublicCorpus sample(
      DataSource source, Path archive, List<Example> all, int count, long seed) {
    if (all.size() < 2) {
      throw new ConfigException(
          "public corpus "
              + archive
              + " holds "
              + all.size()
              + " texts; the learned inversion needs at least 2");
    }
    int[] drawn =
        KeyedSampling.sample(
            KeyedSampling.identity(all.size()),
            count,
            KeyedRandom.stream(seed, StreamPurpose.PUBLIC_TEXTS, KeyedRandom.ANY, KeyedRandom.ANY));
    int heldOut = Math.max(1, drawn.length / 5);
    List<Example> fit = new ArrayList<>();
    List<Example> held = new ArrayList<>();
    for (int i = 0; i < drawn.length; i++) {
      (i < drawn.length - heldOut ? fit : held).add(all.get(drawn[i]));
    }
    return new PublicCorpus(source, archive, fit, held);
  }

  public int size() {
    return fit.size() + heldOut.size();
  }
}
