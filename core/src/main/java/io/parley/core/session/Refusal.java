package io.parley.core.session;

import java.util.Optional;

/**
 * A request refused for a reason the client can act on: a protocol {@link ErrorCode}, a message for
 * people and, when known, how long to wait before a retry may succeed (a rate limit, a budget).
 *
 * <p>It travels as the error of a Pekko {@code StatusReply}, so an entity's reply type names only
 * its payload. No stack trace is taken: a refusal is an answer, not a bug, and it is cheap to make
 * and to send between nodes.
 */
public final class Refusal extends RuntimeException {
  private final ErrorCode code;
  private final Optional<Long> retryAfterMs;

  public Refusal(ErrorCode code, String message, Optional<Long> retryAfterMs) {
    super(message, null, false, false);
    this.code = code;
    this.retryAfterMs = retryAfterMs;
  }

  public static Refusal of(ErrorCode code, String message) {
    return new Refusal(code, message, Optional.empty());
  }

  /** A refusal that may succeed when retried after {@code retryAfterMs} (at least 1 ms). */
  public static Refusal retryLater(ErrorCode code, String message, long retryAfterMs) {
    return new Refusal(code, message, Optional.of(Math.max(1, retryAfterMs)));
  }

  public ErrorCode code() {
    return code;
  }

  public Optional<Long> retryAfterMs() {
    return retryAfterMs;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Refusal that && code == that.code && getMessage().equals(that.getMessage())
        && retryAfterMs.equals(that.retryAfterMs);
  }

  @Override
  public int hashCode() {
    return code.hashCode() * 31 + getMessage().hashCode();
  }

  @Override
  public String toString() {
    return "Refusal(" + code.wireName() + ": " + getMessage() + retryAfterMs.map(ms -> ", retry after " + ms + " ms").orElse("") + ")";
  }
}
