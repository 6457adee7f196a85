package org.edgetune.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Every command's help renders without picocli warnings: picocli formats descriptions with
 * String.format, so an unescaped % (as in "95% confidence") printed "Could not format" on stderr.
 */
class HelpTextTest {

  @Test
  void everyHelpTextFormatsCleanly() {
    PrintStream original = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    StringBuilder help = new StringBuilder();
    try {
      render(Main.commandLine(), help);
    } finally {
      System.setErr(original);
    }
    assertThat(err.toString(StandardCharsets.UTF_8)).doesNotContain("Could not format");
    assertThat(help).contains("95% confidence intervals");
  }

  private static void render(CommandLine cli, StringBuilder help) {
    help.append(cli.getUsageMessage());
    cli.getSubcommands().values().forEach(sub -> render(sub, help));
  }
}
