package io.parley.core.session;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * One persisted message of a conversation. {@code seq} grows by one per message within a session;
 * {@code turnId} ties a user message to the assistant answer of the same turn. An
 * {@code interrupted} answer is the part of a spoken answer the customer heard before speaking over it.
 */
public record ChatMessage(
    long seq, Role role, String text, String turnId, Instant at,
    @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean interrupted) {
  public ChatMessage(long seq, Role role, String text, String turnId, Instant at) {
    this(seq, role, text, turnId, at, false);
  }

  /** This answer cut to {@code heard}, what the customer heard of it. */
  public ChatMessage cutTo(String heard) {
    return new ChatMessage(seq, role, heard, turnId, at, true);
  }
}
