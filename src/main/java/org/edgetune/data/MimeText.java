package org.edgetune.data;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The readable text of a MIME entity: text parts decoded and joined, HTML reduced to its visible
 * text, attachments (images, applications) skipped. Of a multipart/alternative it takes the plain
 * text version when that has any text, since it is what the sender wrote rather than rendered.
 */
final class MimeText {

  // Real messages nest two or three levels; the cap only guards against pathological input.
  private static final int MAX_DEPTH = 8;

  private MimeText() {}

  static String of(MimeEntity entity) {
    return of(entity, 0);
  }

  private static String of(MimeEntity entity, int depth) {
    ContentType type = entity.contentType();
    if (depth < MAX_DEPTH) {
      if (type.isMultipart()) {
        List<MimeEntity> parts = new ArrayList<>();
        Multipart.split(entity.body(), type.boundary())
            .forEach(p -> parts.add(MimeEntity.parse(p)));
        if (!parts.isEmpty()) {
          return type.isAlternative() ? alternative(parts, depth) : joined(parts, depth);
        }
      } else if (type.isMessage()) {
        return of(
            MimeEntity.parse(new String(entity.decodedBody(), StandardCharsets.ISO_8859_1)),
            depth + 1);
      }
    }
    // A multipart without usable boundaries is read as text: better some noise than nothing.
    if (!type.isText() && !type.isMultipart()) {
      return "";
    }
    String text = new String(entity.decodedBody(), Charsets.forName(type.charset()));
    return type.isHtml() || HtmlText.looksLikeHtml(text) ? HtmlText.of(text) : text;
  }

  private static String alternative(List<MimeEntity> parts, int depth) {
    for (MimeEntity part : parts) {
      if (part.contentType().mimeType().equals("text/plain")) {
        String text = of(part, depth + 1);
        if (!text.isBlank()) {
          return text;
        }
      }
    }
    for (MimeEntity part : parts) {
      String text = of(part, depth + 1);
      if (!text.isBlank()) {
        return text;
      }
    }
    return "";
  }

  private static String joined(List<MimeEntity> parts, int depth) {
    StringBuilder out = new StringBuilder();
    for (MimeEntity part : parts) {
      String text = of(part, depth + 1);
      if (!text.isBlank()) {
        out.append(text).append('\n');
      }
    }
    return out.toString();
  }
}
