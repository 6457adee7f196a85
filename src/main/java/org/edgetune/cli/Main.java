package org.edgetune.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code edgetune} command line: one subcommand per job (DESIGN.md §8). */
@Command(
    name = "edgetune",
    mixinStandardHelpOptions = true,
    version = "EdgeTune 0.1.0",
    description = "Split federated LoRA fine-tuning over wireless networks.",
    subcommands = {
      CommandLine.HelpCommand.class,
      SimulateCommand.class,
      CompareCommand.class,
      CentralizedCommand.class,
      ExperimentCommand.class,
      ScheduleSimCommand.class,
      NodeCommand.class,
      DashboardCommand.class,
      PrivacyAuditCommand.class,
      BenchCommand.class
    })
public final class Main {

  /** Exit code for bad input (config, arguments, files): nothing has been written. */
  public static final int EXIT_BAD_INPUT = 2;

  /**
   * Exit code for a run that started and failed part-way: what it wrote (checkpoints too) is kept.
   */
  public static final int EXIT_RUN_FAILED = 1;

  public static void main(String[] args) {
    // DJL must never call out: set before any DJL class initialises.
    System.setProperty("ai.djl.offline", "true");
    System.exit(commandLine().execute(args));
  }

  static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new Main());
    cli.setExecutionExceptionHandler(new BadInputHandler());
    return cli;
  }
}
