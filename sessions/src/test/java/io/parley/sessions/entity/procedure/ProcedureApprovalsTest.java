package io.parley.sessions.entity.procedure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.core.bot.ToolApproval;
import io.parley.core.handoff.Handoff;
import io.parley.core.procedure.Procedure;
import io.parley.core.procedure.ProcedureRun;
import io.parley.core.procedure.ProcedureStep;
import io.parley.core.session.Channel;
import io.parley.sessions.entity.ConversationNotes;
import io.parley.sessions.entity.SessionEvent;
import io.parley.sessions.entity.SessionState.Open;
import io.parley.sessions.entity.Transcript;
import io.parley.sessions.entity.PendingApproval;
import io.parley.sessions.procedure.ProcedureNote;
import io.parley.sessions.turn.ToolRound;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * How a session folds the approval of a procedure's tool step: it waits while its run runs, though
 * no message of the customer's is unanswered; it is asked once per step; decided, it waits no more;
 * the conversation keeps the call with its approval and how it ended; and once the run is over
 * its rounds are gone while the note stays.
 */
class ProcedureApprovalsTest {
  private static final Instant AT = Instant.parse("2026-11-28T10:00:00Z");
  private static final String RUN = "turn-1-2";
  private static final String TURN = "procedure-" + RUN;

  @Test
  void aStepsApprovalWaitsWhileItsRunRunsAndIsKeptWithTheConversationsCalls() {
    Procedure refund = new Procedure("refund", "Refunds an order", null,
        List.of(new ProcedureStep.Tool("refund_order", "{\"order\":\"A-1042\"}", "refund")));
    ConversationNotes running = ConversationNotes.empty().withProcedure(RUN, UnaryOperator.identity(),
        Optional.of(ProcedureNote.started(RUN, "turn-1", refund, "{\"order\":\"A-1042\"}", AT)));
    Open open = new Open(Optional.empty(), Channel.CHAT, AT, AT, Transcript.empty(), running, List.of(), Map.of(),
        Handoff.bot(), Optional.empty(), false);
    ToolRound.Approval approval = new ToolRound.Approval("ap-1", "refund.steps[0]", "refund_order",
        "{\"order\":\"A-1042\"}", "Pays an order's money back (order: A-1042)", ToolApproval.CUSTOMER, AT.plusSeconds(600),
        Optional.empty());
    SessionEvent.ApprovalRequested asked = new SessionEvent.ApprovalRequested(TURN, approval, AT, Optional.of(RUN));

    open = open.requestApproval(asked);
    assertEquals(List.of(new PendingApproval(TURN, approval)), open.pendingApprovals(), "waits, though no turn is pending");
    assertEquals("awaiting_approval", open.notes().toolCalls().getFirst().outcome());
    assertEquals(open, open.requestApproval(asked), "asked once per step");
    Open notRunning = new Open(Optional.empty(), Channel.CHAT, AT, AT, Transcript.empty(), ConversationNotes.empty(),
        List.of(), open.toolRounds(), Handoff.bot(), Optional.empty(), false);
    assertEquals(List.of(), notRunning.pendingApprovals(), "the approval of a run not under way holds nothing up");

    ToolRound.Decision refused = new ToolRound.Decision(ToolRound.Outcome.REFUSED, Optional.of("no"), AT.plusSeconds(5));
    open = open.decideApproval(new SessionEvent.ApprovalDecided(TURN, "ap-1", refused));
    assertEquals(List.of(), open.pendingApprovals());
    String why = ProcedureApprovals.why(approval, refused);
    assertEquals("refund_order was not approved: the customer refused it (no)", why);
    open = open.completeTool(new SessionEvent.ToolCallCompleted(TURN, new ToolRound.CompletedCall("refund.steps[0]",
        "refund_order", false, "{\"error\":\"not_approved\"}", why), AT.plusSeconds(5)));
    assertEquals("refused", open.notes().toolCalls().getFirst().outcome(), "kept as a model's refused call is");

    open = ProcedureFold.apply(open, new SessionEvent.ProcedureEnded(RUN, "refund.steps[0]", ProcedureRun.Status.HANDED_OVER,
        why, AT.plusSeconds(5)));
    assertTrue(open.toolRoundsOf(TURN).isEmpty(), "the run is over: its rounds are gone");
    assertEquals("refused", open.notes().toolCalls().getFirst().outcome(), "its call stays with the conversation");
  }
}
