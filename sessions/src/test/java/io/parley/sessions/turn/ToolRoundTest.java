package io.parley.sessions.turn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.core.bot.ToolApproval;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Whether a runner that stopped had nothing left to do but wait for approvals: what tells a runner
 * that stopped to wait from one that crashed, when its stop is heard before its word that it waits.
 */
class ToolRoundTest {
  private static final Instant STARTED = Instant.parse("2026-11-27T10:00:00Z");
  private static final ToolRound.RequestedCall LOOKUP = new ToolRound.RequestedCall("call-1", "order_status", "{}");
  private static final ToolRound.RequestedCall CANCEL = new ToolRound.RequestedCall("call-2", "cancel_order", "{}");
  private static final ToolRound.Approval ASKED = new ToolRound.Approval("ap-1", "call-2", "cancel_order", "{}",
      "Cancel the order", ToolApproval.AGENT, STARTED.plusSeconds(600), Optional.empty());

  @Test
  void aRoundWhoseOtherCallsFinishedWaitsForItsPendingApproval() {
    ToolRound round = ToolRound.requested(List.of(LOOKUP, CANCEL)).withApproval(ASKED);
    assertFalse(round.waitsForApprovalsBeyond(Set.of()), "the lookup is still to run");
    assertTrue(round.withResult(done(LOOKUP)).waitsForApprovalsBeyond(Set.of()));
  }

  @Test
  void anApprovalDecidedAfterTheRunnerStartedWasNeverSeenByIt() {
    ToolRound round = ToolRound.requested(List.of(CANCEL)).withApproval(ASKED);
    Set<String> atStart = round.decidedApprovals();
    // Written by a node whose clock is a minute behind the one that started the runner: the order
    // is the session's, not the clocks'.
    ToolRound decided = round.withDecision("ap-1",
        new ToolRound.Decision(ToolRound.Outcome.APPROVED, Optional.empty(), STARTED.minusSeconds(60)), Optional.empty());
    assertTrue(decided.waitsForApprovalsBeyond(atStart), "the runner that asked stopped before the decision");
    assertEquals(Set.of("ap-1"), decided.decidedApprovals());
    assertFalse(decided.waitsForApprovalsBeyond(decided.decidedApprovals()), "a run after the decision had the call to run");
  }

  @Test
  void aRoundWithoutApprovalsNeverWaits() {
    assertFalse(ToolRound.requested(List.of(LOOKUP)).withResult(done(LOOKUP)).waitsForApprovalsBeyond(Set.of()));
  }

  private static ToolRound.CompletedCall done(ToolRound.RequestedCall call) {
    return new ToolRound.CompletedCall(call.id(), call.name(), true, "{}", "done");
  }
}
