package io.parley.core.session;

import java.time.Instant;

/**
 * One persisted message of a conversation. {@code seq} grows by one per message within a session;
 * {@code turnId} ties a user message to the assistant answer of the same turn.
 */
public record ChatMessage(long seq, Role role, String text, String turnId, Instant at) {}
