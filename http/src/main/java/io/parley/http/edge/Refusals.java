package io.parley.http.edge;

import io.parley.core.AsyncCause;
import io.parley.core.session.ErrorCode;
import io.parley.core.session.Refusal;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a client is told when a request to an entity fails, on every edge: the entity's own
 * {@link Refusal} as it is; no answer in time, {@code unavailable} (retry); anything else, a bug or
 * a broken dependency, {@code internal}, logged here with its stack trace and never shown to the
 * client. The chat socket turns the result into an {@code error} frame, REST into a status and
 * {@code Retry-After} (see {@code ServerFrame.Error.of} and {@code ApiError.response}).
 */
public final class Refusals {
  private static final Logger LOG = LoggerFactory.getLogger(Refusals.class);

  static final long RETRY_AFTER_MS = 1_000;

  private Refusals() {}

  /** The refusal for {@code failure}; {@code who} names what did not answer ("the session"). */
  public static Refusal of(Throwable failure, String who) {
    Throwable cause = AsyncCause.of(failure);
    if (cause instanceof Refusal refusal) return refusal;
    if (cause instanceof TimeoutException) {
      // Usually a session moving off a crashed node, which takes seconds (docs/cluster.md): retry soon.
      return Refusal.retryLater(ErrorCode.UNAVAILABLE, who + " did not answer in time; retry", RETRY_AFTER_MS);
    }
    LOG.error("a request to {} failed", who, cause);
    return Refusal.of(ErrorCode.INTERNAL, "the request failed; see the server log");
  }
}
