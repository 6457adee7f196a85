package org.edgetune.model;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * LoRA adapter shape: {@code y = W0 x + (alpha / rank) · B(A dropout(x))} on every target Linear.
 *
 * @param rank r, the inner dimension of A [r, in] and B [out, r]
 * @param alpha scale numerator
 * @param dropout probability of zeroing an input of the adapter branch during training
 * @param targets which Linear layers of each BERT layer carry an adapter
 */
public record LoraSettings(int rank, double alpha, double dropout, Set<LoraTarget> targets) {

  public LoraSettings {
    if (rank < 1) {
      throw new IllegalArgumentException("rank must be at least 1");
    }
    if (!(dropout >= 0 && dropout < 1)) {
      throw new IllegalArgumentException("dropout must be in [0, 1)");
    }
    if (targets.isEmpty()) {
      throw new IllegalArgumentException("at least one LoRA target is needed");
    }
    // EnumSet keeps the targets in declaration order, so printing and iteration are stable.
    targets = Collections.unmodifiableSet(EnumSet.copyOf(targets));
  }

  public float scale() {
    return (float) (alpha / rank);
  }
}
