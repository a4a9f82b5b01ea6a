package io.parley.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.parley.core.config.InvalidSettingException;
import io.parley.sessions.SessionSettings;
import io.parley.sessions.TurnPrompts;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** A bad setting stops start-up with a message naming the variable and the expected form. */
class StartupTest {
  @TempDir Path dataDir;

  @Test
  void aBadValueStopsTheProcessWithExitCode2AndNamesTheVariable() throws Exception {
    NodeProcess node = NodeProcess.start(Map.of("PARLEY_HTTP_PORT", "eighty", "PARLEY_DATA_DIR", dataDir.toString()));
    assertEquals(2, node.awaitExit());
    assertTrue(node.output().contains("PARLEY_HTTP_PORT (parley.http.port): expected a TCP port number from 0 to 65535, got 'eighty'"),
        node.output());
  }

  @Test
  void aPortInUseFailsTheStartWithExitCode1() throws Exception {
    try (NodeProcess first = NodeProcess.start(Map.of("PARLEY_DATA_DIR", dataDir.resolve("a").toString())).awaitReady()) {
      NodeProcess second = NodeProcess.start(Map.of(
          "PARLEY_HTTP_PORT", Integer.toString(first.port), "PARLEY_DATA_DIR", dataDir.resolve("b").toString()));
      assertEquals(1, second.awaitExit());
      assertTrue(second.output().contains("parley: failed to start"), second.output());
    }
  }

  @Test
  void settingsNameTheirEnvironmentVariable() {
    assertInvalid("PARLEY_LLM_MODEL", () -> settings(Map.of("parley.llm.base-url", "http://127.0.0.1:11434/v1")));
    assertInvalid("PARLEY_LLM_BASE_URL", () -> settings(Map.of("parley.llm.base-url", "localhost:11434", "parley.llm.model", "m")));
    assertInvalid("PARLEY_MAX_TEXT_SIZE", () -> settings(Map.of("parley.chat.max-text-size", "lots")));
    assertInvalid("PARLEY_DEFAULT_TENANT", () -> settings(Map.of("parley.chat.default-tenant", "Not A Tenant")));
    assertInvalid("PARLEY_ANSWER_MAX_TOKENS", () -> sessionSettings(Map.of("parley.session.answer-max-tokens", "200000")));
    assertInvalid("PARLEY_CONTEXT_TOKENS", () -> TurnPrompts.create(sessionSettings(Map.of(
        "parley.session.context-tokens", "1200", "parley.session.answer-max-tokens", "1000"))));
    assertInvalid("PARLEY_TEMPERATURE", () -> sessionSettings(Map.of("parley.session.temperature", "7")));
    assertEquals("offline", settings(Map.of()).mode());
    NodeSettings withModel = settings(Map.of("parley.llm.base-url", "http://127.0.0.1:11434/v1/", "parley.llm.model", "llama3.3"));
    assertEquals("llm", withModel.mode());
    assertEquals("http://127.0.0.1:11434/v1/chat/completions", withModel.llm().orElseThrow().chatCompletionsUrl().toString());
  }

  private static NodeSettings settings(Map<String, String> values) {
    return NodeSettings.create(ConfigFactory.parseMap(values).withFallback(ConfigFactory.load()));
  }

  private static SessionSettings sessionSettings(Map<String, String> values) {
    return SessionSettings.create(ConfigFactory.parseMap(values).withFallback(ConfigFactory.load()));
  }

  private static void assertInvalid(String variable, Executable executable) {
    InvalidSettingException e = org.junit.jupiter.api.Assertions.assertThrows(InvalidSettingException.class, executable);
    assertTrue(e.getMessage().startsWith(variable), e.getMessage());
  }
}
