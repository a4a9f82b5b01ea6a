package io.parley.core.handoff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.core.session.ChatMessage;
import io.parley.core.session.Role;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TicketTranscriptTest {
  private static final Instant AT = Instant.parse("2026-11-20T09:15:00Z");

  private static ChatMessage message(long seq, Role role, String text) {
    return new ChatMessage(seq, role, text, "turn-" + seq, AT);
  }

  @Test
  void eachMessageIsALineNamingWhoWroteItWithoutToolResults() {
    List<ChatMessage> messages = List.of(
        message(1, Role.USER, "Where is my order 1042?"),
        message(2, Role.TOOL, "{\"status\":\"shipped\"}"),
        message(3, Role.ASSISTANT, "It shipped yesterday."),
        new ChatMessage(4, Role.AGENT, "I'll check with the courier.", "agent-4", AT, false, Optional.of("Dana"),
            Optional.empty()),
        message(5, Role.SYSTEM, "Dana handed the conversation back."));
    assertEquals("""
        Conversation, messages 1 to 5:
        Customer: Where is my order 1042?
        Assistant: It shipped yesterday.
        Dana (agent): I'll check with the courier.
        Notice: Dana handed the conversation back.""", TicketTranscript.of(messages, 10_000));
  }

  @Test
  void aLongConversationKeepsItsNewestMessagesAndSaysSo() {
    List<ChatMessage> messages = List.of(
        message(1, Role.USER, "a".repeat(80)),
        message(2, Role.ASSISTANT, "b".repeat(60)),
        message(3, Role.USER, "I want a person"));
    String text = TicketTranscript.of(messages, 160);
    assertTrue(text.length() <= 160, text);
    assertEquals("Conversation, messages 1 to 3:\n[earlier messages left out]\nAssistant: " + "b".repeat(60)
        + "\nCustomer: I want a person", text);
    assertEquals("", TicketTranscript.of(List.of(message(1, Role.TOOL, "{}")), 100));
    assertThrows(IllegalArgumentException.class, () -> TicketTranscript.of(messages, 99));
  }

  @Test
  void whatATicketHoldsOfTheConversationIsReadFromItsHeadings() {
    String first = TicketTranscript.of(List.of(message(1, Role.USER, "hello"), message(2, Role.ASSISTANT, "hi")), 1000);
    String later = TicketTranscript.of(List.of(message(7, Role.USER, "a person please")), 1000);
    assertEquals(7, TicketTranscript.attachedThrough(List.of(first, "Escalation: charged twice", later)));
    assertEquals(2, TicketTranscript.attachedThrough(List.of(first)));
    assertEquals(0, TicketTranscript.attachedThrough(List.of("Customer: Conversation, messages 1 to 99: is not a heading")));
  }
}
