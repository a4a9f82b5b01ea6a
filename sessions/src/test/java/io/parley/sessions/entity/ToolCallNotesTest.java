package io.parley.sessions.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.core.bot.ToolApproval;
import io.parley.core.handoff.Handoff;
import io.parley.core.session.Channel;
import io.parley.core.session.ChatMessage;
import io.parley.core.session.Role;
import io.parley.core.session.SessionId;
import io.parley.sessions.entity.SessionState.Closed;
import io.parley.sessions.entity.SessionState.Open;
import io.parley.sessions.turn.ToolRound;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A tool call stays with the conversation after its turn: requested, approved by an agent and
 * completed, it is in the notes once the answer has ended the turn's rounds, with its outcome,
 * its duration and who decided; the archive holds it redacted with the messages' numbering.
 */
class ToolCallNotesTest {
  private static final Instant AT = Instant.parse("2026-11-28T10:00:00Z");
  private static final String EMAIL = "ada@example.com";

  @Test
  void aCallAndItsApprovalOutliveTheTurnAndAreArchivedRedacted() {
    Transcript asked = Transcript.empty().append(new ChatMessage(1, Role.USER, "Cancel A-1042, I am " + EMAIL, "turn-1", AT),
        Optional.of("c-1"));
    Open open = new Open(Optional.empty(), Channel.CHAT, AT, AT, asked, ConversationNotes.empty(), List.of("turn-1"),
        Map.of(), Handoff.bot(), Optional.empty(), false);
    ToolRound.RequestedCall call = new ToolRound.RequestedCall("call-1", "cancel_order",
        "{\"order\":\"A-1042\",\"contact\":\"" + EMAIL + "\"}");
    ToolRound.Approval approval = new ToolRound.Approval("ap-1", "call-1", "cancel_order", call.argumentsJson(),
        "Cancel order A-1042 for " + EMAIL, ToolApproval.AGENT, AT.plusSeconds(600), Optional.empty());
    open = open.requestTools(new SessionEvent.ToolCallsRequested("turn-1", List.of(call), AT.plusMillis(100)));
    open = open.requestApproval(new SessionEvent.ApprovalRequested("turn-1", approval, AT.plusMillis(200)));
    assertEquals("awaiting_approval", open.notes().toolCalls().get(0).outcome());
    open = open.decideApproval(new SessionEvent.ApprovalDecided("turn-1", "ap-1",
        new ToolRound.Decision(ToolRound.Outcome.APPROVED, Optional.empty(), AT.plusSeconds(5), Optional.of("sam"))));
    open = open.completeTool(new SessionEvent.ToolCallCompleted("turn-1",
        new ToolRound.CompletedCall("call-1", "cancel_order", true, "{}", "A-1042 cancelled"), AT.plusSeconds(6)));
    open = open.appendAssistant(new SessionEvent.AssistantMessageAppended(2, "turn-1", "Done: A-1042 is cancelled.",
        io.parley.core.session.AnswerSource.LLM, Optional.empty(), AT.plusSeconds(7)));
    assertTrue(open.toolRoundsOf("turn-1").isEmpty(), "the answered turn's rounds are gone");

    ToolCallNote kept = open.notes().toolCalls().get(0);
    assertEquals("succeeded", kept.outcome());
    assertEquals(Optional.of(Duration.ofMillis(5_900)), kept.duration());
    assertEquals(Optional.of("sam"), kept.approval().flatMap(ToolCallNote.ApprovalNote::decision).flatMap(ToolRound.Decision::by));

    Closed closed = new Closed(Optional.empty(), Channel.CHAT, AT, open.transcript(), open.notes(), AT.plusSeconds(60),
        "idle", Optional.empty(), false, Optional.empty());
    SessionArchiveDocument archived = SessionArchiveDocument.of(SessionId.random("acme"), closed, true);
    ToolCallNote archivedCall = archived.toolCalls().get(0);
    assertEquals("{\"order\":\"A-1042\",\"contact\":\"[EMAIL_1]\"}", archivedCall.argumentsJson());
    assertEquals("Cancel order A-1042 for [EMAIL_1]", archivedCall.approval().orElseThrow().summary());
    assertEquals("Cancel A-1042, I am [EMAIL_1]", archived.messages().get(0).text(), "one numbering for both");
    assertFalse(new String(archived.toJson(), java.nio.charset.StandardCharsets.UTF_8).contains(EMAIL));
  }
}
