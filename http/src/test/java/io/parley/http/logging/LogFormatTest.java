package io.parley.http.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class LogFormatTest {
  private static final Properties NONE = new Properties();

  @Test
  void aTerminalReadsTextAndAnythingElseJsonUnlessAFormatIsAskedFor() {
    assertEquals("text", LogFormat.chosen(NONE, Map.of(), true), "a person at a terminal");
    assertEquals("json", LogFormat.chosen(NONE, Map.of(), false), "a container, a pipe or a file");
    assertEquals("json", LogFormat.chosen(NONE, Map.of("PARLEY_LOG_FORMAT", "json"), true), "asked for on a terminal");
    assertEquals("text", LogFormat.chosen(NONE, Map.of("PARLEY_LOG_FORMAT", "text"), false), "asked for in a pipe");
    assertEquals("text", LogFormat.chosen(NONE, Map.of("PARLEY_LOG_FORMAT", " "), true), "a blank variable asks for nothing");
    Properties option = new Properties();
    option.setProperty("parley.log.format", "json");
    assertEquals("json", LogFormat.chosen(option, Map.of("PARLEY_LOG_FORMAT", "text"), true), "-D wins over the variable");
  }
}
