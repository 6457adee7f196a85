package org.edgetune.schedule;

/**
 * A scheduling policy failed a round: it threw, took longer than its timeout, or returned a
 * decision that breaks the round's constraints ({@link GrantCheck}). The message is one line that
 * names the policy and the round; the run stops, and what it wrote so far (checkpoints included) is
 * kept.
 */
public final class PolicyFailedException extends RuntimeException {

  public PolicyFailedException(String policy, long round, String what) {
    super("policy " + policy + " failed in round " + round + ": " + oneLine(what));
  }

  public PolicyFailedException(String policy, long round, String what, Throwable cause) {
    super("policy " + policy + " failed in round " + round + ": " + oneLine(what), cause);
  }

  /**
   * A failure outside a round's decision, e.g. while the policy's state was taken for a checkpoint.
   */
  public PolicyFailedException(String policy, String when, String what, Throwable cause) {
    super("policy " + policy + " failed " + when + ": " + oneLine(what), cause);
  }

  static String oneLine(String text) {
    return text == null ? "" : text.replaceAll("\\s*\\R\\s*", " ").strip();
  }
}
