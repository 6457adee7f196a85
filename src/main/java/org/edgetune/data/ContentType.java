package org.edgetune.data;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A parsed Content-Type header. A missing or malformed header means text/plain (RFC 2045 §5.2).
 *
 * @param mimeType lower-case "type/subtype"
 * @param parameters parameter names in lower case, values unquoted
 */
record ContentType(String mimeType, Map<String, String> parameters) {

  private static final ContentType DEFAULT = new ContentType("text/plain", Map.of());
  private static final Pattern MIME_TYPE = Pattern.compile("[a-z0-9.+-]+/[a-z0-9.+-]+");

  static ContentType parse(String header) {
    String[] fields = splitOutsideQuotes(header);
    String type = fields[0].strip().toLowerCase(Locale.ROOT);
    if (!MIME_TYPE.matcher(type).matches()) {
      return DEFAULT;
    }
    Map<String, String> parameters = new HashMap<>();
    for (int i = 1; i < fields.length; i++) {
      int eq = fields[i].indexOf('=');
      if (eq > 0) {
        String name = fields[i].substring(0, eq).strip().toLowerCase(Locale.ROOT);
        parameters.putIfAbsent(name, unquote(fields[i].substring(eq + 1).strip()));
      }
    }
    return new ContentType(type, Map.copyOf(parameters));
  }

  boolean isText() {
    return mimeType.startsWith("text/");
  }

  boolean isHtml() {
    return mimeType.equals("text/html");
  }

  boolean isMultipart() {
    return mimeType.startsWith("multipart/");
  }

  boolean isAlternative() {
    return mimeType.equals("multipart/alternative");
  }

  boolean isMessage() {
    return mimeType.equals("message/rfc822");
  }

  String charset() {
    return parameters.getOrDefault("charset", "");
  }

  String boundary() {
    return parameters.getOrDefault("boundary", "");
  }

  private static String[] splitOutsideQuotes(String header) {
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (char c : header.toCharArray()) {
      if (c == '"') {
        quoted = !quoted;
      }
      if (c == ';' && !quoted) {
        fields.add(field.toString());
        field.setLength(0);
      } else {
        field.append(c);
      }
    }
    fields.add(field.toString());
    return fields.toArray(String[]::new);
  }

  private static String unquote(String value) {
    if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
      return value.substring(1, value.length() - 1);
    }
    return value;
  }
}
