package org.edgetune.data;

import java.util.ArrayList;
import java.util.List;

/** Splits a multipart body at its boundary lines (RFC 2046 §5.1.1), tolerating a missing end. */
final class Multipart {

  private Multipart() {}

  /** The raw parts between the delimiter lines; empty when the boundary never occurs. */
  static List<String> split(String body, String boundary) {
    List<String> parts = new ArrayList<>();
    if (boundary.isEmpty()) {
      return parts;
    }
    String delimiter = "--" + boundary;
    int partStart = -1;
    int pos = 0;
    while (pos < body.length()) {
      int end = body.indexOf('\n', pos);
      int next = end < 0 ? body.length() : end + 1;
      if (body.startsWith(delimiter, pos)) {
        String rest = body.substring(pos + delimiter.length(), end < 0 ? body.length() : end);
        boolean closing = rest.startsWith("--");
        if (closing || rest.isBlank()) {
          if (partStart >= 0) {
            parts.add(body.substring(partStart, Math.max(partStart, pos - 1)));
          }
          if (closing) {
            return parts;
          }
          partStart = next;
        }
      }
      pos = next;
    }
    if (partStart >= 0 && partStart < body.length()) {
      parts.add(body.substring(partStart));
    }
    return parts;
  }
}
