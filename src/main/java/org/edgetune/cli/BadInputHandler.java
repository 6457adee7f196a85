package org.edgetune.cli;

import org.edgetune.checkpoint.CannotResumeException;
import org.edgetune.config.ConfigException;
import org.edgetune.schedule.PolicyFailedException;
import org.edgetune.sim.RunFailedException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns bad input into one clear line and exit code 2, and a run that failed part-way (a policy
 * that failed a round, a round past its retries) into one line and exit code 1 with its output
 * directory kept; anything else keeps its stack trace.
 */
final class BadInputHandler implements IExecutionExceptionHandler {

  @Override
  public int handleExecutionException(Exception e, CommandLine cli, ParseResult parsed)
      throws Exception {
    if (isBadInput(e)) {
      cli.getErr().println("edgetune: " + e.getMessage());
      return Main.EXIT_BAD_INPUT;
    }
    if (e instanceof RunFailedException || e instanceof PolicyFailedException) {
      cli.getErr().println("edgetune: " + e.getMessage());
      return Main.EXIT_RUN_FAILED;
    }
    throw e;
  }

  /** Whether the exception reports a problem with the user's input rather than a defect. */
  static boolean isBadInput(Throwable e) {
    return e instanceof ConfigException
        || e instanceof BadInputException
        || e instanceof CannotResumeException;
  }
}
