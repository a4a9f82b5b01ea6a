package io.parley.core.llm;

import java.time.Duration;
import java.util.Optional;

/** A completion that failed, classified so callers know whether a retry or a fallback makes sense. */
public class LlmException extends RuntimeException {
  public enum Kind {
    /** 429 from the server. */
    RATE_LIMITED,
    /** 5xx from the server. */
    SERVER_ERROR,
    /** Other 4xx: a bad key, an unknown model; retrying does not help. */
    REJECTED,
    /** The connection could not be made or broke before any answer arrived. */
    CONNECT,
    /** No response, or no data for longer than the idle timeout. */
    TIMEOUT,
    /** The stream broke after part of the answer was delivered. */
    STREAM_BROKEN,
    /** The server answered something that is not the chat-completions format. */
    BAD_RESPONSE,
    /** The caller cancelled the call. */
    CANCELLED,
    /** Nothing was sent: the circuit breaker of every provider that could answer is open. */
    CIRCUIT_OPEN,
    /** Nothing was sent: the node already runs as many model calls as it may (it sheds load). */
    OVERLOADED
  }

  private final Kind kind;
  private final Duration retryAfter;

  public LlmException(Kind kind, String message) {
    this(kind, message, null, Optional.empty());
  }

  public LlmException(Kind kind, String message, Throwable cause) {
    this(kind, message, cause, Optional.empty());
  }

  public LlmException(Kind kind, String message, Throwable cause, Optional<Duration> retryAfter) {
    super(message, cause);
    this.kind = kind;
    this.retryAfter = retryAfter.orElse(null);
  }

  public Kind kind() {
    return kind;
  }

  /** How long the server asked us to wait (its {@code Retry-After}), when it said. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  /** Whether the same request may succeed on another attempt (only before any delta was delivered). */
  public boolean isTransient() {
    return kind == Kind.RATE_LIMITED || kind == Kind.SERVER_ERROR || kind == Kind.CONNECT || kind == Kind.TIMEOUT;
  }
}
