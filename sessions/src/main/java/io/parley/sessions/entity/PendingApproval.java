package io.parley.sessions.entity;

import io.parley.sessions.turn.ToolRound;

/** An approval nobody decided yet, and the turn that waits for it. */
public record PendingApproval(String turnId, ToolRound.Approval approval) {}
