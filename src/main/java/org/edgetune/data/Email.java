package org.edgetune.data;

import java.util.Objects;

/**
 * One cleaned corpus email.
 *
 * @param id unique and stable across runs: {@code <source>/<file name without .txt>}
 * @param source the corpus folder it came from (easy-ham-1, easy-ham-2, hard-ham-1, spam-1, spam-2)
 * @param text {@code "Subject: ...\n\nbody"}, headers other than Subject removed, body as plain text
 * @param spam the label
 */
public record Email(String id, String source, String text, boolean spam) {

  public Email {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(text, "text");
  }
}
