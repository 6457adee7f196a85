package org.edgetune.data;

import java.util.regex.Pattern;
import org.jsoup.Jsoup;

/**
 * Visible text of an HTML document: tags, comments, scripts and styles removed, entities decoded.
 */
final class HtmlText {

  // Spam often sends HTML labelled text/plain (or with no Content-Type at all).
  private static final Pattern LOOKS_LIKE_HTML =
      Pattern.compile(
          "<\\s*(html|body|head|table|font|div|br|p)\\b[^>]*>", Pattern.CASE_INSENSITIVE);

  private HtmlText() {}

  static String of(String html) {
    return Jsoup.parse(html).text();
  }

  static boolean looksLikeHtml(String text) {
    return LOOKS_LIKE_HTML.matcher(text).find();
  }
}
