package io.parley.core.session;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Optional;

/**
 * One persisted message of a conversation. {@code seq} grows by one per message within a session;
 * {@code turnId} ties a user message to the assistant answer of the same turn. An
 * {@code interrupted} answer is the part of a spoken answer the customer heard before speaking over it.
 * {@code author} is the display name of the agent who wrote an {@link Role#AGENT} message.
 */
public record ChatMessage(
    long seq, Role role, String text, String turnId, Instant at,
    @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean interrupted,
    @JsonInclude(JsonInclude.Include.NON_ABSENT) Optional<String> author) {
  public ChatMessage {
    author = author == null ? Optional.empty() : author;
  }

  public ChatMessage(long seq, Role role, String text, String turnId, Instant at) {
    this(seq, role, text, turnId, at, false);
  }

  public ChatMessage(long seq, Role role, String text, String turnId, Instant at, boolean interrupted) {
    this(seq, role, text, turnId, at, interrupted, Optional.empty());
  }

  /** A message an agent wrote, signed with the name the customer sees. */
  public static ChatMessage byAgent(long seq, String author, String text, Instant at) {
    return new ChatMessage(seq, Role.AGENT, text, "agent-" + seq, at, false, Optional.of(author));
  }

  /** This answer cut to {@code heard}, what the customer heard of it. */
  public ChatMessage cutTo(String heard) {
    return new ChatMessage(seq, role, heard, turnId, at, true, author);
  }
}
