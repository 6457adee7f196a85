package org.edgetune.model;

import java.util.List;
import org.edgetune.data.Example;

/**
 * A set of examples tokenised once, row-major [n, L], with their class indices. Mini-batches are
 * row selections; nothing is tokenised twice.
 */
public record LabeledTokens(TokenBatch tokens, int[] labels) {

  public LabeledTokens {
    if (labels.length != tokens.batchSize()) {
      throw new IllegalArgumentException(
          labels.length + " labels for " + tokens.batchSize() + " rows");
    }
  }

  public static LabeledTokens of(List<Example> emails, TextTokenizer tokenizer) {
    TokenBatch tokens = tokenizer.encode(emails.stream().map(Example::text).toList());
    int[] labels = emails.stream().mapToInt(Example::label).toArray();
    return new LabeledTokens(tokens, labels);
  }

  public int size() {
    return labels.length;
  }

  /** The rows in the given order, as a batch of their own. */
  public LabeledTokens rows(int[] rows) {
    int length = tokens.length();
    long[] ids = new long[rows.length * length];
    long[] mask = new long[rows.length * length];
    long[] types = new long[rows.length * length];
    int[] selected = new int[rows.length];
    for (int i = 0; i < rows.length; i++) {
      int from = rows[i] * length;
      System.arraycopy(tokens.ids(), from, ids, i * length, length);
      System.arraycopy(tokens.attentionMask(), from, mask, i * length, length);
      System.arraycopy(tokens.typeIds(), from, types, i * length, length);
      selected[i] = labels[rows[i]];
    }
    return new LabeledTokens(new TokenBatch(rows.length, length, ids, mask, types), selected);
  }

  /** Rows [from, to). */
  public LabeledTokens range(int from, int to) {
    int[] rows = new int[to - from];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = from + i;
    }
    return rows(rows);
  }
}
