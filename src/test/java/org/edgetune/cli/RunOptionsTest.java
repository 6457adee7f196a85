package org.edgetune.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.edgetune.config.ConfigLoader;
import org.junit.jupiter.api.Test;

class RunOptionsTest {

  @Test
  void renderedConfigKeepsEverythingButThePasswords() {
    String rendered =
        RunOptions.render(
            ConfigLoader.load(
                null,
                List.of(
                    "edgetune.cluster.tls.key-store-password=s3cret-one",
                    "edgetune.cluster.tls.trust-store-password=s3cret-two",
                    "edgetune.seed=7")));
    assertThat(rendered).doesNotContain("s3cret").contains("<redacted>").contains("seed=7");
    // Empty passwords (TLS off) stay empty: nothing to hide, and the file reads back the same.
    assertThat(RunOptions.render(ConfigLoader.load(null, List.of()))).doesNotContain("<redacted>");
  }
}
