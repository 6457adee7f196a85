package org.edgetune.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EmailCleanerTest {

  private static String clean(String raw) {
    return EmailCleaner.clean(raw.getBytes(StandardCharsets.ISO_8859_1));
  }

  @Test
  void keepsSubjectAndDropsEveryOtherHeader() {
    String raw =
        """
        From bounce@lists.example.org  Thu Aug 22 13:17:22 2002
        Return-Path: <bounce@lists.example.org>
        Received: from relay.example.org (relay [10.0.0.1])
        \tby mx.example.net (Postfix) with ESMTP id 136B943C32
        From: Alice <alice@example.org>
        To: bob@example.net
        Subject: Lunch on
        \tFriday?
        X-Spam-Status: No, hits=-3.1
        Message-ID: <abc@example.org>

        Shall we meet at noon?
        """;

    assertThat(clean(raw)).isEqualTo("Subject: Lunch on Friday?\n\nShall we meet at noon?");
  }

  @Test
  void missingSubjectStillGivesTheSameShape() {
    assertThat(clean("From: a@b.c\n\nbody text\n")).isEqualTo("Subject: \n\nbody text");
  }

  @Test
  void decodesQuotedPrintableWithTheDeclaredCharset() {
    String raw =
        """
        Subject: qp
        Content-Type: text/plain; charset="iso-8859-1"
        Content-Transfer-Encoding: quoted-printable

        Caf=E9 au lait co=
        sts 3=3D three =
        euros.
        Total =3 stays as written.
        """;

    assertThat(clean(raw))
        .isEqualTo("Subject: qp\n\nCafé au lait costs 3= three euros. Total =3 stays as written.");
  }

  @Test
  void decodesUtf8QuotedPrintable() {
    String raw =
        """
        Subject: utf
        Content-Type: text/plain; charset=utf-8
        Content-Transfer-Encoding: quoted-printable

        na=C3=AFve r=C3=A9sum=C3=A9
        """;

    assertThat(clean(raw)).isEqualTo("Subject: utf\n\nnaïve résumé");
  }

  @Test
  void decodesBase64Bodies() {
    String raw =
        """
        Subject: b64
        Content-Type: text/plain; charset=us-ascii
        Content-Transfer-Encoding: base64

        SGVsbG8sIHdvcmxkIQpTZWNvbmQg
        bGluZS4=
        """;

    assertThat(clean(raw)).isEqualTo("Subject: b64\n\nHello, world! Second line.");
  }

  @Test
  void reducesHtmlToVisibleText() {
    String raw =
        """
        Subject: offer
        Content-Type: text/html

        <html><head><title>t</title><style>p { color: red }</style>
        <script>track();</script></head>
        <body><!-- hidden comment --><p>Buy&nbsp;now &amp; <b>save</b></p>
        <table><tr><td>50%</td><td>off</td></tr></table></body></html>
        """;

    assertThat(clean(raw)).isEqualTo("Subject: offer\n\nt Buy now & save 50% off");
  }

  @Test
  void treatsHtmlSentAsPlainTextAsHtml() {
    String raw = "Subject: x\n\n<html><body><font size=3>Cheap <b>pills</b></font></body></html>\n";

    assertThat(clean(raw)).isEqualTo("Subject: x\n\nCheap pills");
  }

  @Test
  void leavesAngleBracketsInPlainTextAlone() {
    String raw = "Subject: x\n\nWrite to <bob@example.net> if 3 < 4.\n";

    assertThat(clean(raw)).isEqualTo("Subject: x\n\nWrite to <bob@example.net> if 3 < 4.");
  }

  @Test
  void prefersThePlainTextOfAnAlternative() {
    String raw =
        """
        Subject: alt
        Content-Type: multipart/alternative; boundary="=_b1"

        This is a multi-part message in MIME format.
        --=_b1
        Content-Type: text/plain; charset=iso-8859-1
        Content-Transfer-Encoding: quoted-printable

        plain version
        --=_b1
        Content-Type: text/html

        <p>html version</p>
        --=_b1--
        epilogue
        """;

    assertThat(clean(raw)).isEqualTo("Subject: alt\n\nplain version");
  }

  @Test
  void joinsTextPartsOfMixedAndSkipsAttachments() {
    String raw =
        """
        Subject: mixed
        Content-Type: multipart/mixed; boundary=outer

        --outer
        Content-Type: multipart/alternative; boundary="inner"

        --inner
        Content-Type: text/html

        <div>first <i>part</i></div>
        --inner--
        --outer
        Content-Type: application/octet-stream; name="x.exe"
        Content-Transfer-Encoding: base64

        TVqQAAMAAAAEAAAA//8AALgAAAAAAAAAQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA
        --outer
        Content-Type: text/plain

        second part
        --outer--
        """;

    assertThat(clean(raw)).isEqualTo("Subject: mixed\n\nfirst part second part");
  }

  @Test
  void readsTheBodyOfAnAttachedMessageButNotItsHeaders() {
    String raw =
        """
        Subject: fwd
        Content-Type: message/rfc822

        From: carol@example.com
        Subject: inner subject

        forwarded text
        """;

    assertThat(clean(raw)).isEqualTo("Subject: fwd\n\nforwarded text");
  }

  @Test
  void readsAMultipartWithoutItsBoundaryAsText() {
    String raw = "Subject: broken\nContent-Type: multipart/mixed\n\njust text\n";

    assertThat(clean(raw)).isEqualTo("Subject: broken\n\njust text");
  }

  @Test
  void decodesEncodedWordsInTheSubject() {
    String raw = "Subject: =?iso-8859-1?Q?Caf=E9_au?= =?utf-8?B?bGFpdCDimJU=?= today\n\nx\n";

    assertThat(clean(raw)).isEqualTo("Subject: Café aulait ☕ today\n\nx");
  }

  @Test
  void collapsesAllWhitespaceAndHandlesCrLf() {
    String raw = "Subject:  a\t b \r\n\r\nline one\r\n\r\n\r\n   line\ttwo \u00a0 end\r\n";

    assertThat(clean(raw)).isEqualTo("Subject: a b\n\nline one line two end");
  }

  @Test
  void unknownCharsetFallsBackToLatin1() {
    byte[] raw =
        "Subject: x\nContent-Type: text/plain; charset=\"default\"\n\nna\u00efve\n"
            .getBytes(StandardCharsets.ISO_8859_1);

    assertThat(EmailCleaner.clean(raw)).isEqualTo("Subject: x\n\nnaïve");
  }
}
