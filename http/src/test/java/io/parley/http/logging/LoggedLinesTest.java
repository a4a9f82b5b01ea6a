package io.parley.http.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a library prints through {@link LoggedLines}, as Scala's console prints: one entry a println. */
class LoggedLinesTest {
  private final LoggerContext context = new LoggerContext();
  private final ListAppender<ILoggingEvent> entries = new ListAppender<>();
  private final ch.qos.logback.classic.Logger logger = context.getLogger("scala.Console");
  private final PrintStream printed = new PrintStream(new LoggedLines(logger), true, StandardCharsets.UTF_8);

  LoggedLinesTest() {
    logger.setLevel(Level.DEBUG);
    entries.setContext(context);
    entries.start();
    logger.addAppender(entries);
  }

  private List<String> messages() {
    return entries.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
  }

  private List<Level> levels() {
    return entries.list.stream().map(ILoggingEvent::getLevel).toList();
  }

  @Test
  void eachPrintlnIsOneEntryAtTheLevelItsTextBeginsWith() {
    printed.println("# stop JdbcRunningProjection@f0fd2ef");
    printed.print("[WARN] [11/28/2026 09:00:00.000] [main] ");
    printed.print("Größe überschritten\r\n");
    printed.println();
    printed.println("[ERROR] [11/28/2026 09:00:01.000] [main] boom\njava.lang.IllegalStateException: boom\n\tat a.B.c(B.java:1)");
    printed.println("[DEBUG] [11/28/2026 09:00:02.000] [main] quiet");

    assertEquals(List.of("# stop JdbcRunningProjection@f0fd2ef",
        "[WARN] [11/28/2026 09:00:00.000] [main] Größe überschritten",
        "[ERROR] [11/28/2026 09:00:01.000] [main] boom\njava.lang.IllegalStateException: boom\n\tat a.B.c(B.java:1)",
        "[DEBUG] [11/28/2026 09:00:02.000] [main] quiet"), messages(), "a blank line is no entry");
    assertEquals(List.of(Level.INFO, Level.WARN, Level.ERROR, Level.DEBUG), levels());
  }

  @Test
  void aLineNotEndedWaitsForItsEndOrTheClose() {
    printed.print("half ");
    assertEquals(List.of(), messages());
    printed.print("a line");
    printed.close();

    assertEquals(List.of("half a line"), messages());
  }

  @Test
  void textLongerThanTheLongestIsLoggedInPartsWithoutCuttingACharacter() {
    printed.println("x".repeat(LoggedLines.LONGEST + 10));
    printed.println("ü".repeat(LoggedLines.LONGEST));

    List<String> parts = messages();
    assertEquals("x".repeat(LoggedLines.LONGEST), parts.get(0));
    assertEquals("x".repeat(10), parts.get(1));
    assertEquals("ü".repeat(LoggedLines.LONGEST), String.join("", parts.subList(2, parts.size())));
    parts.forEach(part -> assertFalse(part.contains("\uFFFD"), "no character cut in two"));
  }
}
