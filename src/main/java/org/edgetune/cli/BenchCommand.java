package org.edgetune.cli;

import picocli.CommandLine.Command;

/** {@code edgetune bench <what>}: benchmarks that print a table of measured figures. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Benchmarks that print their measured figures as a table.",
    subcommands = {BenchModelCommand.class, BenchSchedulerCommand.class, BenchActorsCommand.class})
final class BenchCommand {}
