package org.edgetune.sim;

/**
 * A run that started and then stopped on a failure it cannot get past (a policy that failed a
 * round, a round that failed past its retries). The message is one line with the reason; what the
 * run wrote — its log, metrics and checkpoints — stays in its directory, for the log and --resume.
 */
public final class RunFailedException extends RuntimeException {

  public RunFailedException(String reason) {
    super(reason);
  }
}
