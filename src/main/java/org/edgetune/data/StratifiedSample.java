package org.edgetune.data;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Draws a subset of a given size with the same spam/ham ratio as the whole: class quotas by the
 * largest-remainder rule (each within half an email of exact), members chosen by a seeded
 * shuffle of each class in id order.
 */
final class StratifiedSample {

  private StratifiedSample() {}

  /** The chosen emails, in id order. {@code emails} must already be in id order. */
  static List<Email> choose(List<Email> emails, int count, SplittableRandom random) {
    if (count < 0 || count > emails.size()) {
      throw new IllegalArgumentException("cannot choose " + count + " of " + emails.size() + " emails");
    }
    if (count == 0) {
      return List.of();
    }
    List<Email> spam = emails.stream().filter(Email::spam).toList();
    List<Email> ham = emails.stream().filter(e -> !e.spam()).toList();
    // Rounding spam's exact share is the largest-remainder rule for two classes; integer arithmetic
    // keeps it exact. Both quotas end up within half an email of count × class share.
    int spamQuota = (int) ((2L * count * spam.size() + emails.size()) / (2L * emails.size()));
    int hamQuota = count - spamQuota;
    List<Email> chosen = new ArrayList<>(count);
    chosen.addAll(Shuffle.shuffled(spam, random).subList(0, spamQuota));
    chosen.addAll(Shuffle.shuffled(ham, random).subList(0, hamQuota));
    chosen.sort(Comparator.comparing(Email::id));
    return chosen;
  }
}
