package org.edgetune.data;

import java.io.ByteArrayOutputStream;

/**
 * A lenient quoted-printable decoder (RFC 2045 §6.7). Written here rather than taken from
 * commons-codec because that decoder drops hard line breaks, rejects LF-only soft line breaks and
 * throws on a stray '=', all of which the 2002-era corpus contains; here a malformed escape is kept
 * as it stands.
 */
final class QuotedPrintable {

  private QuotedPrintable() {}

  static byte[] decode(byte[] in) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(in.length);
    int i = 0;
    while (i < in.length) {
      byte b = in[i];
      if (b != '=') {
        out.write(b);
        i++;
        continue;
      }
      int softBreak = softLineBreakLength(in, i + 1);
      if (softBreak >= 0) {
        i += 1 + softBreak;
      } else if (i + 2 < in.length && hex(in[i + 1]) >= 0 && hex(in[i + 2]) >= 0) {
        out.write(hex(in[i + 1]) << 4 | hex(in[i + 2]));
        i += 3;
      } else {
        out.write(b);
        i++;
      }
    }
    return out.toByteArray();
  }

  /** Length of "[spaces]\r?\n" (or end of input) after an '=', or -1 if it is not a soft break. */
  private static int softLineBreakLength(byte[] in, int from) {
    int j = from;
    while (j < in.length && (in[j] == ' ' || in[j] == '\t')) {
      j++;
    }
    if (j == in.length) {
      return j - from;
    }
    if (in[j] == '\n') {
      return j + 1 - from;
    }
    if (in[j] == '\r' && j + 1 < in.length && in[j + 1] == '\n') {
      return j + 2 - from;
    }
    return -1;
  }

  private static int hex(byte b) {
    return Character.digit(b, 16);
  }
}
