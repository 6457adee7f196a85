package org.edgetune.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class QuotedPrintableTest {

  private static String decode(String in) {
    return new String(
        QuotedPrintable.decode(in.getBytes(StandardCharsets.ISO_8859_1)),
        StandardCharsets.ISO_8859_1);
  }

  @Test
  void decodesEscapesInEitherCase() {
    assertThat(decode("a=3Db=e9=C3=A9")).isEqualTo("a=b\u00e9\u00c3\u00a9");
  }

  @Test
  void removesSoftLineBreaksWithLfCrLfOrTrailingSpace() {
    assertThat(decode("ab=\ncd=\r\nef= \t\ngh=")).isEqualTo("abcdefgh");
  }

  @Test
  void keepsHardLineBreaks() {
    assertThat(decode("one\ntwo\r\nthree")).isEqualTo("one\ntwo\r\nthree");
  }

  @Test
  void keepsMalformedEscapesAsWritten() {
    assertThat(decode("50= off, =ZZ, =4")).isEqualTo("50= off, =ZZ, =4");
  }
}
