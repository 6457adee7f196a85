package org.edgetune.data;

import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;

/** Maps a declared MIME charset to a Java charset without ever failing. */
final class Charsets {

  private Charsets() {}

  /**
   * The declared charset if Java knows it. Unknown names ("default", typos) and US-ASCII fall back
   * to ISO-8859-1: it maps every byte to a character, and many "us-ascii" emails carry 8-bit text
   * that a strict ASCII decoder would turn into replacement characters.
   */
  static Charset forName(String declared) {
    if (declared == null || declared.isBlank()) {
      return StandardCharsets.ISO_8859_1;
    }
    try {
      Charset charset = Charset.forName(declared.trim());
      return charset.equals(StandardCharsets.US_ASCII) ? StandardCharsets.ISO_8859_1 : charset;
    } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
      return StandardCharsets.ISO_8859_1;
    }
  }
}
