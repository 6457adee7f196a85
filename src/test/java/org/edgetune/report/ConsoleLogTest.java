package org.edgetune.report;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import java.nio.charset.StandardCharsets;
import org.edgetune.faults.InjectedFault;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The terminal gets one line per logged event, without the stack trace (issue 15, item 5): an
 * injected crash logged by a supervisor used to print 25 lines each. The run's log file keeps it.
 */
class ConsoleLogTest {

  @Test
  void aFailureWithATraceIsOneLineOnTheConsole() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    var console =
        (OutputStreamAppender<ch.qos.logback.classic.spi.ILoggingEvent>)
            root.getAppender("CONSOLE");
    PatternLayoutEncoder encoder = (PatternLayoutEncoder) console.getEncoder();
    LoggingEvent event =
        new LoggingEvent(
            ConsoleLogTest.class.getName(),
            root,
            Level.ERROR,
            "Supervisor RestartSupervisor saw failure: device 3 crashed\nin round 5",
            new InjectedFault("injected device-crash of device 3 in round 5"),
            null);
    String line = new String(encoder.encode(event), StandardCharsets.UTF_8);
    assertThat(line)
        .contains("device 3 crashed in round 5")
        .doesNotContain("\tat ")
        .doesNotContain("InjectedFault");
    assertThat(line.strip().lines()).hasSize(1);
  }
}
