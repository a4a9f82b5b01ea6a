package io.parley.sessions;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.parley.core.CborSerializable;
import io.parley.core.session.ErrorCode;
import java.util.Optional;

/**
 * The reply to a request that can be refused. Refusals are values with a protocol error code,
 * not exceptions, so they cross cluster nodes as plain data and map one-to-one to wire errors.
 */
public sealed interface Outcome<T extends Outcome.Value> extends CborSerializable {
  record Ok<T extends Value>(T value) implements Outcome<T> {}

  /** {@code retryAfterMs} says when a retry may succeed (a rate limit), when that is known. */
  record Refused<T extends Value>(ErrorCode code, String message, Optional<Long> retryAfterMs) implements Outcome<T> {}

  /**
   * What an {@link Ok} carries. Named subtypes let Jackson restore the concrete type on another
   * node (a bare type variable would come back as a map; class names are refused by Pekko).
   */
  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME)
  @JsonSubTypes({
    @JsonSubTypes.Type(value = SessionInfo.class, name = "info"),
    @JsonSubTypes.Type(value = SessionView.class, name = "view"),
    @JsonSubTypes.Type(value = Accepted.class, name = "accepted"),
    @JsonSubTypes.Type(value = Answer.class, name = "answer"),
    @JsonSubTypes.Type(value = Closing.class, name = "closing"),
    @JsonSubTypes.Type(value = io.parley.sessions.workflow.WorkflowStatus.class, name = "workflow")
  })
  interface Value {}

  /** A user message is durably stored at {@code seq}; {@code duplicate} when its clientMsgId was seen before. */
  record Accepted(long seq, String turnId, boolean duplicate) implements Value {}

  /** The assistant's persisted answer to a turn. */
  record Answer(io.parley.core.session.ChatMessage message) implements Value {}

  /** The session is closed (now or before). */
  record Closing(String reason) implements Value {}

  static <T extends Value> Outcome<T> ok(T value) {
    return new Ok<>(value);
  }

  static <T extends Value> Outcome<T> refused(ErrorCode code, String message) {
    return new Refused<>(code, message, Optional.empty());
  }

  static <T extends Value> Outcome<T> retryLater(ErrorCode code, String message, long retryAfterMs) {
    return new Refused<>(code, message, Optional.of(retryAfterMs));
  }
}
