package org.edgetune.cluster;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.edgetune.config.ConfigException;
import org.edgetune.config.ConfigReader;

/**
 * The {@code edgetune.cluster.tls} section: Artery over TLS with mutual authentication, so only
 * nodes holding a certificate from the cluster's CA can connect (scripts/make-test-certs.sh makes a
 * test CA and node stores). When enabled, both stores are opened here with their passwords, so a
 * wrong path or password fails at start-up naming the key, not at the first connection attempt.
 *
 * @param enabled whether Artery runs over TLS; false leaves Pekko's plain TCP transport
 * @param keyStore PKCS12 store with this node's private key and its certificate chain (absolute; as
 *     configured and unchecked when disabled)
 * @param trustStore PKCS12 store with the certificate of the CA that signs every node (likewise)
 * @param keyStorePassword opens the key store and its key (keytool's PKCS12 stores use one
 *     password)
 * @param trustStorePassword opens the trust store
 * @param protocol TLS protocol version
 */
public record TlsSettings(
    boolean enabled,
    Path keyStore,
    Path trustStore,
    String keyStorePassword,
    String trustStorePassword,
    String protocol) {

  /** The cipher suites below are TLS 1.3 suites; another protocol would need its own list. */
  static final List<String> PROTOCOLS = List.of("TLSv1.3");

  /** The two AES-GCM suites every Java 17 offers for TLS 1.3 (Pekko's reference example). */
  static final List<String> TLS13_ALGORITHMS =
      List.of("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384");

  // Passwords never appear in toString, which ends up in logs and error messages.
  @Override
  public String toString() {
    return "TlsSettings[enabled="
        + enabled
        + ", keyStore="
        + keyStore
        + ", trustStore="
        + trustStore
        + ", protocol="
        + protocol
        + "]";
  }

  /**
   * Reads {@code edgetune.cluster.tls} on its own. The {@code edgetune.cluster} section also holds
   * the cluster runtime's keys (seed nodes, roles), and its settings record owns that section's
   * {@code rejectUnknownKeys}; so only the keys inside {@code tls} are checked here, and a cluster
   * reader passes its {@code section("tls")} to {@link #read(ConfigReader)}.
   */
  public static TlsSettings fromConfig(Config root) {
    return read(new ConfigReader(root, "edgetune.cluster").section("tls"));
  }

  /** Reads the {@code tls} section a cluster reader hands over and rejects unknown keys in it. */
  public static TlsSettings read(ConfigReader r) {
    boolean enabled = r.bool("enabled");
    String keyStore = r.string("key-store");
    String trustStore = r.string("trust-store");
    String keyStorePassword = r.string("key-store-password");
    String trustStorePassword = r.string("trust-store-password");
    String protocol = r.oneOf("protocol", PROTOCOLS);
    r.rejectUnknownKeys();
    if (!enabled) {
      return new TlsSettings(
          false,
          Path.of(keyStore),
          Path.of(trustStore),
          keyStorePassword,
          trustStorePassword,
          protocol);
    }
    Path keyPath =
        openStore(
            r,
            "key-store",
            keyStore,
            "key-store-password",
            keyStorePassword,
            KeyStore::isKeyEntry,
            "private key");
    Path trustPath =
        openStore(
            r,
            "trust-store",
            trustStore,
            "trust-store-password",
            trustStorePassword,
            KeyStore::isCertificateEntry,
            "trusted certificate");
    return new TlsSettings(
        true, keyPath, trustPath, keyStorePassword, trustStorePassword, protocol);
  }

  /**
   * The Pekko configuration that switches Artery to TLS; empty when disabled. Layer it over the
   * node's config ({@code tls.pekkoConfig().withFallback(config)}).
   */
  public Config pekkoConfig() {
    if (!enabled) {
      return ConfigFactory.empty();
    }
    String engine = "pekko.remote.artery.ssl.config-ssl-engine.";
    // parseMap rather than a HOCON string: paths and passwords need no quoting or escaping.
    return ConfigFactory.parseMap(
        Map.ofEntries(
            Map.entry("pekko.remote.artery.transport", "tls-tcp"),
            Map.entry(engine + "key-store", keyStore.toString()),
            Map.entry(engine + "key-store-password", keyStorePassword),
            Map.entry(engine + "key-password", keyStorePassword),
            Map.entry(engine + "trust-store", trustStore.toString()),
            Map.entry(engine + "trust-store-password", trustStorePassword),
            Map.entry(engine + "protocol", protocol),
            Map.entry(engine + "enabled-algorithms", TLS13_ALGORITHMS),
            // Each side checks that the other's certificate chains to the trusted CA; without this
            // the accepting node would take any client, and an outsider could join the cluster.
            Map.entry(engine + "require-mutual-authentication", true),
            // Nodes are addressed by IP (127.0.0.1 in tests, container addresses under compose)
            // that
            // is not known when the certificate is made; who may connect is decided by the CA
            // alone.
            Map.entry(engine + "hostname-verification", false)),
        "edgetune.cluster.tls");
  }

  /** Opens the PKCS12 store as Pekko will, so a bad path or password fails now, naming the key. */
  private static Path openStore(
      ConfigReader r,
      String fileKey,
      String file,
      String passwordKey,
      String password,
      EntryTest wanted,
      String wantedName) {
    if (file.isBlank()) {
      throw new ConfigException(
          "config key '"
              + r.key(fileKey)
              + "' must name a PKCS12 file when '"
              + r.key("enabled")
              + "' is true (scripts/make-test-certs.sh makes test stores)");
    }
    Path path = Path.of(file).toAbsolutePath();
    if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
      throw new ConfigException(
          "config key '"
              + r.key(fileKey)
              + "': file "
              + path
              + " does not exist or is not readable");
    }
    try (InputStream in = Files.newInputStream(path)) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(in, password.toCharArray());
      for (String alias : Collections.list(store.aliases())) {
        if (wanted.test(store, alias)) {
          return path;
        }
      }
    } catch (IOException | GeneralSecurityException e) {
      // PKCS12 reports a wrong password as an IOException, so both keys are named.
      throw new ConfigException(
          "config key '"
              + r.key(fileKey)
              + "': cannot open "
              + path
              + " as a PKCS12 store with '"
              + r.key(passwordKey)
              + "' ("
              + e.getMessage()
              + ")",
          e);
    }
    // Typically the two stores swapped, or a store made for something else.
    throw new ConfigException(
        "config key '" + r.key(fileKey) + "': " + path + " holds no " + wantedName);
  }

  private interface EntryTest {
    boolean test(KeyStore store, String alias) throws KeyStoreException;
  }
}
