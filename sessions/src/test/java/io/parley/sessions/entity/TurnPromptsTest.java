package io.parley.sessions.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.core.bot.BotConfig;
import io.parley.core.bot.BotConfigBuilder;
import io.parley.core.bot.UsageLimits;
import io.parley.core.llm.PromptMessage;
import io.parley.core.memory.PinnedFacts;
import io.parley.core.session.ChatMessage;
import io.parley.core.session.Role;
import io.parley.sessions.turn.TurnPrompts;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TurnPromptsTest {
  @Test
  void systemPromptNamesTheAssistantCompanyAndTheDayOfTheTurn() {
    TurnPrompts prompts = TurnPrompts.create(TestSessionServices.settings());
    List<ChatMessage> history = List.of(new ChatMessage(1, Role.USER, "Will it arrive by Friday?", "turn-1", Instant.EPOCH));
    List<PromptMessage> messages = prompts.assemble(history, LocalDate.of(2026, 11, 21).atStartOfDay(ZoneOffset.UTC)).messages();
    PromptMessage system = messages.get(0);
    assertEquals("system", system.role());
    assertTrue(system.content().startsWith("You are Parley, the customer support assistant of Example Shop. "
        + "Today is Saturday, 21 November 2026."), system.content());
    assertTrue(prompts.assemble(history, LocalDate.of(2026, 11, 22).atStartOfDay(ZoneOffset.UTC)).messages().get(0).content()
        .contains("Today is Sunday, 22 November 2026."), "the date is the turn's, not the node's start");
    assertEquals(PromptMessage.user("Will it arrive by Friday?"), messages.get(1));
  }

  @Test
  void aTenantsContextWindowTrimsItsHistoryAndOneThatNoLongerFitsIsTheNodes() {
    TurnPrompts prompts = TurnPrompts.create(TestSessionServices.settings());
    ZonedDateTime today = LocalDate.of(2026, 11, 21).atStartOfDay(ZoneOffset.UTC);
    List<ChatMessage> history = new java.util.ArrayList<>();
    for (int i = 1; i <= 40; i++) {
      history.add(new ChatMessage(i, i % 2 == 1 ? Role.USER : Role.ASSISTANT,
          "Message " + i + " about the order, the lamps, the delivery and the refund we discussed.", "turn-" + i,
          Instant.EPOCH));
    }
    history.add(new ChatMessage(41, Role.USER, "And now?", "turn-41", Instant.EPOCH));
    BotConfig small = withContextTokens(Optional.empty(), 0);
    int least = prompts.leastContextTokens(small);
    assertEquals(0, prompts.assemble(history, today, Optional.empty(), PinnedFacts.empty(), List.of(), BotConfig.empty())
        .omittedMessages(), "the node's window holds it all");
    var trimmed = prompts.assemble(history, today, Optional.empty(), PinnedFacts.empty(), List.of(),
        withContextTokens(Optional.empty(), least + 100));
    assertTrue(trimmed.omittedMessages() > 0, "older messages left out");
    assertTrue(trimmed.tokenCount() <= least + 100 - 1024, "within the window less the answer");

    BotConfig longInstructions = withContextTokens(Optional.of("Be brief. ".repeat(300)), least + 100);
    assertTrue(prompts.leastContextTokens(longInstructions) > least + 100, "the tenant's instructions need room too");
    assertEquals(0, prompts.assemble(history, today, Optional.empty(), PinnedFacts.empty(), List.of(), longInstructions)
        .omittedMessages(), "a window that no longer holds the system prompt is the node's");
  }

  @Test
  void aConversationsOwnCountsAssembleTheSamePromptsTurnAfterTurn() {
    TurnPrompts prompts = TurnPrompts.create(TestSessionServices.settings());
    ZonedDateTime today = LocalDate.of(2026, 11, 21).atStartOfDay(ZoneOffset.UTC);
    BotConfig small = withContextTokens(Optional.empty(), prompts.leastContextTokens(withContextTokens(Optional.empty(), 0)) + 300);
    var counts = prompts.conversationCounts();
    List<ChatMessage> history = new java.util.ArrayList<>();
    for (int turn = 1; turn <= 60; turn++) {
      history.add(new ChatMessage(2L * turn - 1, Role.USER, "Question " + turn + " about the lamps' delivery window.",
          "turn-" + turn, Instant.EPOCH));
      for (BotConfig bot : List.of(BotConfig.empty(), small)) {
        assertEquals(prompts.assemble(history, today, Optional.of("Ada asked about lamps."), PinnedFacts.empty(), List.of(), bot),
            prompts.assemble(history, today, Optional.of("Ada asked about lamps."), PinnedFacts.empty(), List.of(), bot, counts),
            "turn " + turn);
      }
      history.add(new ChatMessage(2L * turn, Role.ASSISTANT, "Answer " + turn + ": they leave the warehouse today.",
          "turn-" + turn, Instant.EPOCH));
    }
  }

  private static BotConfig withContextTokens(Optional<String> instructions, int contextTokens) {
    BotConfigBuilder bot = new BotConfigBuilder();
    instructions.ifPresent(bot::instructions);
    if (contextTokens != 0) {
      bot.limits(new UsageLimits(Optional.of(contextTokens), Optional.empty(), Optional.empty(), Optional.empty(),
          Optional.empty()));
    }
    return bot.build();
  }
}
