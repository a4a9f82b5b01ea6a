package io.parley.core.session;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * One persisted message of a conversation. {@code seq} grows by one per message within a session;
 * {@code turnId} ties a user message to the assistant answer of the same turn. An
 * {@code interrupted} answer is the part of a spoken answer the customer heard before speaking over it.
 * {@code author} is the display name of the agent who wrote an {@link Role#AGENT} message;
 * {@code source} says where an {@link Role#ASSISTANT} answer came from (absent in snapshots
 * written before 0.3, which did not record it); {@code translation} marks an agent's message sent
 * as the model's translation of what the agent wrote, or a procedure's text sent translated.
 */
public record ChatMessage(
    long seq, Role role, String text, String turnId, Instant at,
    @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean interrupted,
    @JsonInclude(JsonInclude.Include.NON_ABSENT) Optional<String> author,
    @JsonInclude(JsonInclude.Include.NON_ABSENT) Optional<AnswerSource> source,
    @JsonInclude(JsonInclude.Include.NON_ABSENT) Optional<Translation> translation) {
  public ChatMessage {
    author = author == null ? Optional.empty() : author;
    source = source == null ? Optional.empty() : source;
    translation = translation == null ? Optional.empty() : translation;
  }

  public ChatMessage(long seq, Role role, String text, String turnId, Instant at, boolean interrupted,
      Optional<String> author, Optional<AnswerSource> source) {
    this(seq, role, text, turnId, at, interrupted, author, source, Optional.empty());
  }

  public ChatMessage(long seq, Role role, String text, String turnId, Instant at) {
    this(seq, role, text, turnId, at, false);
  }

  public ChatMessage(long seq, Role role, String text, String turnId, Instant at, boolean interrupted) {
    this(seq, role, text, turnId, at, interrupted, Optional.empty(), Optional.empty());
  }

  /** The bot's answer, from {@code source}. */
  public static ChatMessage answer(long seq, String text, String turnId, Instant at, boolean interrupted,
      AnswerSource source) {
    return new ChatMessage(seq, Role.ASSISTANT, text, turnId, at, interrupted, Optional.empty(), Optional.of(source));
  }

  /** A message an agent wrote, signed with the name the customer sees. */
  public static ChatMessage byAgent(long seq, String author, String text, Instant at) {
    return byAgent(seq, author, text, at, Optional.empty());
  }

  /** A message an agent wrote, sent as {@code translation} of the agent's own words when there is one. */
  public static ChatMessage byAgent(long seq, String author, String text, Instant at, Optional<Translation> translation) {
    return new ChatMessage(seq, Role.AGENT, text, "agent-" + seq, at, false, Optional.of(author), Optional.empty(),
        translation);
  }

  /** This message marked as {@code translation} of what its author wrote, when there is one. */
  public ChatMessage translated(Optional<Translation> translation) {
    return new ChatMessage(seq, role, text, turnId, at, interrupted, author, source, translation);
  }

  /** This answer cut to {@code heard}, what the customer heard of it. */
  public ChatMessage cutTo(String heard) {
    return new ChatMessage(seq, role, heard, turnId, at, true, author, source, translation);
  }

  /** This message with {@code newText} in place of its text (personal data replaced by placeholders). */
  public ChatMessage withText(String newText) {
    return new ChatMessage(seq, role, newText, turnId, at, interrupted, author, source, translation);
  }

  /** This message with its texts, its translation's original too, passed through {@code change} (a redaction). */
  public ChatMessage withTexts(UnaryOperator<String> change) {
    return new ChatMessage(seq, role, change.apply(text), turnId, at, interrupted, author, source,
        translation.map(t -> t.withOriginal(change.apply(t.original()))));
  }
}
