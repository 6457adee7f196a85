package org.edgetune.data;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.codec.binary.Base64;

/**
 * A message or body part: its headers and its still-encoded body. Text is held as a byte string
 * (ISO-8859-1, one char per byte) so nothing is lost before the transfer encoding and charset are
 * known.
 *
 * @param headers header names in lower case; the first occurrence of a name wins
 * @param body the raw body after the blank line that ends the headers
 */
record MimeEntity(Map<String, String> headers, String body) {

  static MimeEntity parse(String raw) {
    Map<String, String> headers = new LinkedHashMap<>();
    String current = null;
    StringBuilder value = new StringBuilder();
    int pos = 0;
    while (pos < raw.length()) {
      int end = raw.indexOf('\n', pos);
      int next = end < 0 ? raw.length() : end + 1;
      String line = stripCr(raw.substring(pos, end < 0 ? raw.length() : end));
      pos = next;
      if (line.isEmpty()) {
        break;
      }
      boolean continuation = line.charAt(0) == ' ' || line.charAt(0) == '\t';
      if (continuation && current != null) {
        value.append(' ').append(line.strip());
        continue;
      }
      putFirst(headers, current, value);
      int colon = line.indexOf(':');
      // Lines that are not "Name: value" (the mbox "From " separator) carry nothing we keep.
      current = colon > 0 ? line.substring(0, colon).strip().toLowerCase(Locale.ROOT) : null;
      value.setLength(0);
      if (current != null) {
        value.append(line.substring(colon + 1).strip());
      }
    }
    putFirst(headers, current, value);
    return new MimeEntity(Map.copyOf(headers), raw.substring(Math.min(pos, raw.length())));
  }

  String header(String name) {
    return headers.getOrDefault(name, "");
  }

  ContentType contentType() {
    return ContentType.parse(header("content-type"));
  }

  /** The body bytes with the Content-Transfer-Encoding undone; unknown encodings pass through. */
  byte[] decodedBody() {
    byte[] bytes = body.getBytes(StandardCharsets.ISO_8859_1);
    String encoding = header("content-transfer-encoding").toLowerCase(Locale.ROOT);
    if (encoding.contains("quoted-printable")) {
      return QuotedPrintable.decode(bytes);
    }
    if (encoding.contains("base64")) {
      return Base64.decodeBase64(bytes);
    }
    return bytes;
  }

  private static void putFirst(Map<String, String> headers, String name, StringBuilder value) {
    if (name != null && !name.isEmpty()) {
      headers.putIfAbsent(name, value.toString());
    }
  }

  private static String stripCr(String line) {
    return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
  }
}
