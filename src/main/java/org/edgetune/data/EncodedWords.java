package org.edgetune.data;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.codec.binary.Base64;

/**
 * Decodes RFC 2047 encoded words ({@code =?charset?Q|B?text?=}) in a header value such as Subject.
 */
final class EncodedWords {

  private static final Pattern WORD = Pattern.compile("=\\?([^?\\s]+)\\?([BbQq])\\?([^?\\s]*)\\?=");
  // RFC 2047 §6.2: whitespace between two adjacent encoded words is not part of the text.
  private static final Pattern SPACE_BETWEEN_WORDS =
      Pattern.compile("(\\?=)\\s+(=\\?[^?\\s]+\\?[BbQq]\\?)");

  private EncodedWords() {}

  static String decode(String header) {
    if (!header.contains("=?")) {
      return header;
    }
    String joined = SPACE_BETWEEN_WORDS.matcher(header).replaceAll("$1$2");
    Matcher m = WORD.matcher(joined);
    StringBuilder out = new StringBuilder(joined.length());
    while (m.find()) {
      m.appendReplacement(
          out, Matcher.quoteReplacement(decodeWord(m.group(1), m.group(2), m.group(3))));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static String decodeWord(String charset, String encoding, String text) {
    byte[] ascii = text.getBytes(StandardCharsets.ISO_8859_1);
    byte[] bytes =
        encoding.equalsIgnoreCase("B")
            ? Base64.decodeBase64(ascii)
            : QuotedPrintable.decode(text.replace('_', ' ').getBytes(StandardCharsets.ISO_8859_1));
    return new String(bytes, Charsets.forName(charset));
  }
}
