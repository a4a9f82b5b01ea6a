package io.parley.http.logging;

import java.io.Console;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The console log's format, chosen before logback starts: the one asked for ({@code
 * -Dparley.log.format}, else {@code PARLEY_LOG_FORMAT}), else readable text when the node writes to
 * a terminal (a person reading) and JSON when it does not (a container's log collector, a pipe, a
 * file). logback.xml includes the format's file by the system property this sets.
 */
public final class LogFormat {
  /** The system property logback.xml reads, and the setting application.conf checks. */
  public static final String PROPERTY = "parley.log.format";
  static final String VARIABLE = "PARLEY_LOG_FORMAT";

  private LogFormat() {}

  /** Sets {@link #PROPERTY} for this JVM from its own settings and whether its console is a terminal. */
  public static void choose() {
    Console console = System.console();
    System.setProperty(PROPERTY, chosen(System.getProperties(), System.getenv(), console != null && console.isTerminal()));
  }

  /** What was asked for, else text on a terminal and JSON elsewhere. */
  static String chosen(Properties properties, Map<String, String> environment, boolean terminal) {
    return Optional.ofNullable(properties.getProperty(PROPERTY)).or(() -> Optional.ofNullable(environment.get(VARIABLE)))
        .filter(asked -> !asked.isBlank()).orElse(terminal ? "text" : "json");
  }
}
