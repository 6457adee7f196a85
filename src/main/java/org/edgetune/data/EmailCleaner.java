package org.edgetune.data;

import java.nio.charset.StandardCharsets;

/**
 * Turns a raw RFC 822 message into classifier input {@code "Subject: ...\n\nbody"}. Every header
 * except Subject is dropped: routing headers (Received, From, Message-ID, X-Spam-*) identify the
 * corpus folder and would let a model learn the label without reading the email.
 */
public final class EmailCleaner {

  private EmailCleaner() {}

  public static String clean(byte[] rawMessage) {
    MimeEntity message = MimeEntity.parse(new String(rawMessage, StandardCharsets.ISO_8859_1));
    String subject = collapse(EncodedWords.decode(message.header("subject")));
    String body = collapse(MimeText.of(message));
    return "Subject: " + subject + "\n\n" + body;
  }

  /**
   * Every run of whitespace (including no-break and other Unicode spaces) becomes one space. A
   * plain loop: the equivalent regex was the largest cost of loading the corpus.
   */
  private static String collapse(String text) {
    StringBuilder out = new StringBuilder(text.length());
    boolean pendingSpace = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
        pendingSpace = out.length() > 0;
      } else {
        if (pendingSpace) {
          out.append(' ');
          pendingSpace = false;
        }
        out.append(c);
      }
    }
    return out.toString();
  }
}
