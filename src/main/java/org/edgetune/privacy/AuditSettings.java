package org.edgetune.privacy;

import org.edgetune.config.ConfigReader;

/**
 * The {@code edgetune.privacy.audit} section: the public text the learned inversion of a deep cut
 * is trained on (never the devices' data: Brown for the SpamAssassin and user-file tasks,
 * SpamAssassin for the Brown task).
 *
 * @param publicTexts how many public texts the server runs through the device layers (a keyed
 *     sample of the public corpus; a fifth of them choose the ridge penalty)
 * @param publicArchive the public corpus's npm tarball; empty for where {@code
 *     scripts/fetch-corpus.sh} caches it
 */
public record AuditSettings(int publicTexts, String publicArchive) {

  public static final String SECTION = PrivacySettings.SECTION + ".audit";

  /** Fewer leave the held-out part too small to choose a penalty on. */
  public static final int MIN_PUBLIC_TEXTS = 10;

  public static final int MAX_PUBLIC_TEXTS = 100_000;

  /** The reference values. */
  public static final AuditSettings DEFAULT = new AuditSettings(2_000, "");

  static AuditSettings read(ConfigReader r) {
    AuditSettings settings =
        new AuditSettings(
            r.intIn("public-texts", MIN_PUBLIC_TEXTS, MAX_PUBLIC_TEXTS),
            r.string("public-archive"));
    r.rejectUnknownKeys();
    return settings;
  }
}
