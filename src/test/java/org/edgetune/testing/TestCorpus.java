package org.edgetune.testing;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The committed 300-email SpamAssassin fixture and the overrides of a small real run on it, shared
 * by every test that runs the model end to end (4 devices, IID, a round takes seconds).
 */
public final class TestCorpus {

  private TestCorpus() {}

  /** {@code src/test/resources/corpus-fixture/spam-assassin-fixture.tgz}. */
  public static Path spamFixture() {
    try {
      return Path.of(
          TestCorpus.class.getResource("/corpus-fixture/spam-assassin-fixture.tgz").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code edgetune.data.archive} set to the fixture, as a {@code --set}/override string. */
  public static String archiveOverride() {
    return "edgetune.data.archive=\"" + spamFixture() + "\"";
  }

  /**
   * The small run: the fixture, IID over 4 devices, and channel reports awaited for 2 s (scaled by
   * {@link TestTime}), followed by {@code more}.
   */
  public static List<String> smallRun(String... more) {
    List<String> overrides =
        new ArrayList<>(
            List.of(
                archiveOverride(),
                "edgetune.data.partition=iid",
                "edgetune.wireless.devices=4",
                "edgetune.federated.report-timeout-s=" + TestTime.seconds(2)));
    overrides.addAll(List.of(more));
    return overrides;
  }
}
