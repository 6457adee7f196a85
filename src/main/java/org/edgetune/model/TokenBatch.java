package org.edgetune.model;

import java.util.Arrays;

/**
 * Tokenised texts, row-major [batchSize, length]. Raw data: it stays on the device that owns it.
 *
 * @param ids WordPiece ids
 * @param attentionMask 1 for real tokens, 0 for padding
 * @param typeIds token types (0 for single texts)
 */
public record TokenBatch(
    int batchSize, int length, long[] ids, long[] attentionMask, long[] typeIds) {

  public TokenBatch {
    int n = batchSize * length;
    if (batchSize < 1
        || length < 1
        || ids.length != n
        || attentionMask.length != n
        || typeIds.length != n) {
      throw new IllegalArgumentException(
          "token arrays must all hold " + batchSize + " × " + length + " values");
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TokenBatch t
        && batchSize == t.batchSize
        && length == t.length
        && Arrays.equals(ids, t.ids)
        && Arrays.equals(attentionMask, t.attentionMask)
        && Arrays.equals(typeIds, t.typeIds);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(ids) * 31 + Arrays.hashCode(attentionMask);
  }

  @Override
  public String toString() {
    return "TokenBatch[" + batchSize + " × " + length + "]";
  }
}
