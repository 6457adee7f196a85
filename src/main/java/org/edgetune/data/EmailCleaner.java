package org.edgetune.data;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Turns a raw RFC 822 message into classifier input {@code "Subject: ...\n\nbody"}. Every header
 * except Subject is dropped: routing headers (Received, From, Message-ID, X-Spam-*) identify the
 * corpus folder and would let a model learn the label without reading the email.
 */
public final class EmailCleaner {

  private static final Pattern WHITESPACE = Pattern.compile("[\\s\\p{Z}]+");

  private EmailCleaner() {}

  public static String clean(byte[] rawMessage) {
    MimeEntity message = MimeEntity.parse(new String(rawMessage, StandardCharsets.ISO_8859_1));
    String subject = collapse(EncodedWords.decode(message.header("subject")));
    String body = collapse(MimeText.of(message));
    return "Subject: " + subject + "\n\n" + body;
  }

  private static String collapse(String text) {
    return WHITESPACE.matcher(text).replaceAll(" ").strip();
  }
}
