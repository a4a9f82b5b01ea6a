package io.parley.core.gaps;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A customer's question the bot could not answer, as a session tells it: {@code question} has its
 * personal data replaced by placeholders already; {@code userId}, the signed-in customer's, so that
 * erasing them erases it.
 */
public record UnansweredQuestion(String tenant, String sessionId, Optional<String> userId, String question,
    GapReason reason, Instant at) {
  /** The longest question kept; what is past it says nothing more about the topic. */
  public static final int MAX_QUESTION_CHARS = 500;

  public UnansweredQuestion {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(at, "at");
    userId = userId == null ? Optional.empty() : userId;
    question = question.strip();
    if (question.length() > MAX_QUESTION_CHARS) question = question.substring(0, MAX_QUESTION_CHARS);
  }
}
