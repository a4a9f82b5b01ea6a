package io.parley.sessions.entity.handoff;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.parley.core.handoff.Handoff;
import io.parley.core.session.AnswerSource;
import io.parley.core.session.Channel;
import io.parley.core.session.ChatMessage;
import io.parley.core.session.Role;
import io.parley.sessions.entity.ConversationNotes;
import io.parley.sessions.entity.SessionEvent;
import io.parley.sessions.entity.SessionState;
import io.parley.sessions.entity.Transcript;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TransferBriefTest {
  private static final Instant T0 = Instant.parse("2026-11-21T10:15:30Z");

  @Test
  void withoutASummaryThePersonHearsTheCallersLastWordsAndTheKeys() {
    SessionState.Open state = open(ConversationNotes.empty());
    assertEquals("A caller is waiting to be put through to you. The caller said: my parcel never arrived. it was order"
        + " 1042. I want to talk to a person. Press 1 to take the call, or 2 to decline.", TransferBrief.of(state, "en"));
  }

  @Test
  void theSummaryIsToldInTheStaffsLanguage() {
    SessionState.Open state = open(ConversationNotes.empty()).updateSummary(new SessionEvent.SummaryUpdated(
        "Order 1042 was lost in transit.", 1, 4, AnswerSource.OFFLINE, T0));
    assertEquals("Ein Anrufer wartet darauf, zu Ihnen durchgestellt zu werden. Order 1042 was lost in transit."
        + " Drücken Sie 1, um den Anruf anzunehmen, oder 2, um ihn abzulehnen.", TransferBrief.of(state, "de"));
  }

  @Test
  void anAgentInTheConsoleReadsTheSummaryWithoutTheKeys() {
    SessionState.Open state = open(ConversationNotes.empty()).updateSummary(new SessionEvent.SummaryUpdated(
        "Order 1042 was lost in transit.", 1, 4, AnswerSource.OFFLINE, T0));
    assertEquals("Order 1042 was lost in transit.", TransferBrief.written(state, "en"));
    assertEquals("The caller said: my parcel never arrived. it was order 1042. I want to talk to a person.",
        TransferBrief.written(open(ConversationNotes.empty()), "en"));
  }

  private static SessionState.Open open(ConversationNotes notes) {
    Transcript transcript = Transcript.empty()
        .append(new ChatMessage(1, Role.USER, "hello", "turn-1", T0), Optional.empty())
        .append(new ChatMessage(2, Role.ASSISTANT, "Hi! How can I help?", "turn-1", T0), Optional.empty())
        .append(new ChatMessage(3, Role.USER, "my parcel never arrived", "turn-3", T0), Optional.empty())
        .append(new ChatMessage(4, Role.USER, "it was order 1042", "turn-4", T0), Optional.empty())
        .append(new ChatMessage(5, Role.USER, "I want to talk to a person", "turn-5", T0), Optional.empty());
    return new SessionState.Open(Optional.empty(), Channel.PHONE, T0, T0, transcript, notes, List.of(), Map.of(),
        Handoff.bot(), Optional.empty(), false);
  }
}
