package org.edgetune.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import org.edgetune.config.ConfigException;
import org.edgetune.config.ConfigLoader;
import org.edgetune.config.KnownSections;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TlsSettings on its own; TlsClusterIT runs the fragment it makes with real certificates. */
class TlsSettingsTest {

  @Test
  void disabledByDefaultGivesNoPekkoConfigAndLeavesTheClusterSectionOpen() {
    // seed-nodes stands for a sibling key of the cluster runtime, which its own settings check.
    Config config = ConfigLoader.load(null, List.of("edgetune.cluster.seed-nodes=[]"));
    KnownSections.check(config);

    TlsSettings tls = TlsSettings.fromConfig(config);

    assertThat(tls.enabled()).isFalse();
    assertThat(tls.protocol()).isEqualTo("TLSv1.3");
    assertThat(tls.pekkoConfig().isEmpty()).isTrue();
  }

  @Test
  void enabledWithMissingKeyStoreNamesTheKeyAndTheFile(@TempDir Path dir) {
    Path absent = dir.resolve("absent.p12");
    Config config =
        ConfigLoader.load(
            null,
            List.of(
                "edgetune.cluster.tls.enabled=true",
                "edgetune.cluster.tls.key-store=\"" + absent + "\""));

    assertThatThrownBy(() -> TlsSettings.fromConfig(config))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("edgetune.cluster.tls.key-store")
        .hasMessageContaining(absent.toString());
  }

  @Test
  void enabledWithoutAKeyStoreSaysWhatIsMissing() {
    Config config = ConfigLoader.load(null, List.of("edgetune.cluster.tls.enabled=true"));

    assertThatThrownBy(() -> TlsSettings.fromConfig(config))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'edgetune.cluster.tls.key-store' must name a PKCS12 file");
  }

  @Test
  void wrongPasswordNamesThePasswordKey(@TempDir Path dir) throws Exception {
    Path store = emptyStore(dir.resolve("keys.p12"), "right-password");
    Config config =
        ConfigLoader.load(
            null,
            List.of(
                "edgetune.cluster.tls.enabled=true",
                "edgetune.cluster.tls.key-store=\"" + store + "\"",
                "edgetune.cluster.tls.key-store-password=wrong-password"));

    assertThatThrownBy(() -> TlsSettings.fromConfig(config))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("edgetune.cluster.tls.key-store-password")
        .hasMessageContaining(store.toString());
  }

  @Test
  void keyStoreWithoutAPrivateKeyIsRefused(@TempDir Path dir) throws Exception {
    Path store = emptyStore(dir.resolve("keys.p12"), "right-password");
    Config config =
        ConfigLoader.load(
            null,
            List.of(
                "edgetune.cluster.tls.enabled=true",
                "edgetune.cluster.tls.key-store=\"" + store + "\"",
                "edgetune.cluster.tls.key-store-password=right-password"));

    assertThatThrownBy(() -> TlsSettings.fromConfig(config))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'edgetune.cluster.tls.key-store'")
        .hasMessageContaining("holds no private key");
  }

  @Test
  void unknownKeysAndOtherProtocolsAreRefused() {
    Config typo = ConfigLoader.load(null, List.of("edgetune.cluster.tls.keystore=x.p12"));
    assertThatThrownBy(() -> TlsSettings.fromConfig(typo))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("edgetune.cluster.tls.keystore");

    Config tls12 = ConfigLoader.load(null, List.of("edgetune.cluster.tls.protocol=TLSv1.2"));
    assertThatThrownBy(() -> TlsSettings.fromConfig(tls12))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("edgetune.cluster.tls.protocol");
  }

  @Test
  void toStringKeepsPasswordsOut() {
    Config config =
        ConfigLoader.load(null, List.of("edgetune.cluster.tls.key-store-password=s3cret-value"));

    assertThat(TlsSettings.fromConfig(config).toString()).doesNotContain("s3cret-value");
  }

  private static Path emptyStore(Path file, String password) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    try (OutputStream out = Files.newOutputStream(file)) {
      store.store(out, password.toCharArray());
    }
    return file;
  }
}
