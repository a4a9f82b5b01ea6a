package io.parley.http.logging;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.Logger;

/**
 * The node's own logback.xml, in each format: a log line that carries personal data by mistake
 * leaves the process with it masked, in the message, its arguments and the MDC.
 */
class LogMaskingTest {
  @ParameterizedTest
  @ValueSource(strings = {"json", "text"})
  void personalDataInALogLineIsMasked(String format) throws Exception {
    PrintStream console = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    LoggerContext context = new LoggerContext();
    LogbackMDCAdapter mdc = new LogbackMDCAdapter();
    context.setMDCAdapter(mdc);
    try {
      System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
      context.putProperty(LogFormat.PROPERTY, format);
      JoranConfigurator configurator = new JoranConfigurator();
      configurator.setContext(context);
      configurator.doConfigure(LogMaskingTest.class.getResource("/logback.xml"));
      Logger log = context.getLogger("io.parley.test");
      mdc.put("sessionId", "s-1");
      mdc.put("tenant", "carol@example.net");
      log.warn("could not parse 'write to ada@example.com, card 4111 1111 1111 1111' for order {} of {}", 104215,
          "bob@example.org");
      log.warn("request fdee4111111111111111e13-77 jitterMillis={}", "4.4111111111111111");
    } finally {
      context.stop();
      System.setOut(console);
    }
    String line = captured.toString(StandardCharsets.UTF_8);

    assertTrue(line.contains("could not parse 'write to [EMAIL], card [CARD]' for order 104215 of [EMAIL]"), line);
    assertFalse(line.contains("ada@example.com") || line.contains("4111 1111") || line.contains("bob@example.org"), line);
    if (format.equals("json")) assertFalse(line.contains("carol@example.net"), "the MDC is masked too: " + line);
    assertTrue(line.contains("s-1"), "the rest of the line is as before: " + line);
    assertTrue(line.contains("request fdee4111111111111111e13-77 jitterMillis=4.4111111111111111"),
        "digits inside an id or a number's decimals are no card: " + line);
  }
}
