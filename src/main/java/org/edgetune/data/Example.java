package org.edgetune.data;

import java.util.Objects;

/**
 * One labelled text of a data set.
 *
 * @param id unique and stable across runs; the order of ids is the order every seeded draw starts
 *     from (SpamAssassin: {@code <folder>/<file name without .txt>}; JSONL and CSV: the line
 *     number, zero-padded; Brown: {@code <text>/<chunk>})
 * @param document the unit the train/test split keeps on one side: the example's own id unless
 *     several examples were cut from one source text (Brown), so no text leaks from train to test
 * @param group what the {@code by-group} partition keeps together on a device (SpamAssassin: the
 *     corpus folder; JSONL and CSV: the {@code group-field}, or "" without one; Brown: the genre)
 * @param text the input to tokenise
 * @param label index into the data set's class list, 0 to C − 1 (SpamAssassin: 1 = spam)
 */
public record Example(String id, String document, String group, String text, int label) {

  public Example {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(document, "document");
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(text, "text");
    if (label < 0) {
      throw new IllegalArgumentException("label must be a class index, not " + label);
    }
  }

  /** An example that is its own document. */
  public static Example of(String id, String group, String text, int label) {
    return new Example(id, id, group, text, label);
  }
}
