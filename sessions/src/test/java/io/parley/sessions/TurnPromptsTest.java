package io.parley.sessions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.core.llm.PromptMessage;
import io.parley.core.session.ChatMessage;
import io.parley.core.session.Role;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class TurnPromptsTest {
  @Test
  void systemPromptNamesTheAssistantCompanyAndTheDayOfTheTurn() {
    TurnPrompts prompts = TurnPrompts.create(TestTurnServices.settings());
    List<ChatMessage> history = List.of(new ChatMessage(1, Role.USER, "Will it arrive by Friday?", "turn-1", Instant.EPOCH));
    List<PromptMessage> messages = prompts.assemble(history, LocalDate.of(2026, 11, 21)).messages();
    PromptMessage system = messages.get(0);
    assertEquals("system", system.role());
    assertTrue(system.content().startsWith("You are Parley, the customer support assistant of Example Shop. "
        + "Today is Saturday, 21 November 2026."), system.content());
    assertTrue(prompts.assemble(history, LocalDate.of(2026, 11, 22)).messages().get(0).content()
        .contains("Today is Sunday, 22 November 2026."), "the date is the turn's, not the node's start");
    assertEquals(PromptMessage.user("Will it arrive by Friday?"), messages.get(1));
  }
}
