package io.parley.core.prompt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SystemPromptTest {
  private static final Map<String, String> SUPPORT_VALUES =
      Map.of("assistant_name", "Ada", "company_name", "Acme Shoes", "today", "Monday, 3 June 2024");

  @Test
  void replacesEveryPlaceholderAndKeepsOtherBraces() {
    String text = SystemPrompt.fromResource("/prompts/greeting.txt")
        .render(Map.of("name", "Sam", "place", "Parley", "unused", "x"));
    assertEquals("Hello Sam, welcome to Parley. Sam again, {{ not_a_placeholder }}.", text);
  }

  @Test
  void insertsValuesLiterally() {
    String text = SystemPrompt.fromResource("/prompts/greeting.txt")
        .render(Map.of("name", "$1 \\ {{place}}", "place", "P"));
    assertTrue(text.startsWith("Hello $1 \\ {{place}}, welcome to P."), text);
  }

  @Test
  void namesEveryPlaceholderWithoutAValue() {
    SystemPrompt prompt = SystemPrompt.fromResource("/prompts/greeting.txt");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> prompt.render(Map.of()));
    assertTrue(e.getMessage().contains("[name, place]"), e.getMessage());
    assertTrue(e.getMessage().contains("/prompts/greeting.txt"), e.getMessage());
  }

  @Test
  void failsClearlyWhenTheResourceIsMissing() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SystemPrompt.fromResource("/prompts/no-such-prompt.txt"));
    assertTrue(e.getMessage().contains("/prompts/no-such-prompt.txt"), e.getMessage());
  }

  @Test
  void supportAgentPromptRendersWithTheTenantValues() {
    String text = SystemPrompt.fromResource("/prompts/support-agent.txt").render(SUPPORT_VALUES);
    assertTrue(text.startsWith("You are Ada, the customer support assistant of Acme Shoes."), text);
    assertTrue(text.contains("Today is Monday, 3 June 2024."), text);
    assertFalse(text.contains("{{"), text);
  }

  @Test
  void supportAgentPromptStaysShort() {
    // Every turn pays for the system prompt; keep it well under a tenth of an 8K window.
    String text = SystemPrompt.fromResource("/prompts/support-agent.txt").render(SUPPORT_VALUES);
    int tokens = new TokenEstimator().count(text);
    assertTrue(tokens <= 600, tokens + " estimated tokens");
  }
}
