package io.parley.sessions.handoff;

import io.parley.core.CborSerializable;
import java.time.Instant;

/**
 * A tool call of {@code sessionId} waits for an agent's approval (docs/tools.md#approvals): the
 * consoles list it until it is decided, expires or its session closes; {@code since}, when it was asked.
 */
public record AgentApproval(String sessionId, String approvalId, String tool, String summary, Instant since,
    Instant expiresAt) implements CborSerializable {}
