package io.parley.voice;

import io.parley.core.AsyncCause;
import io.parley.voice.speech.VoiceEngineException;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.pattern.CircuitBreakerOpenException;

/** How the tiers judge a premium call for its circuit breaker, and say why they left it. */
final class PremiumOutcome {
  /**
   * Ends a premium call that the tier gave up for its own reasons (a cancel, a close, another
   * utterance's failure), so that its breaker call finishes without blaming the engine.
   */
  static final CancellationException ABANDONED = new CancellationException("abandoned by the voice tier");

  private PremiumOutcome() {}

  /** What counts against a premium engine's breaker: its own failures and slowness, not the tier leaving it. */
  static Boolean isFailure(Optional<?> result, Optional<Throwable> error) {
    return error.isPresent() && AsyncCause.of(error.get()) != ABANDONED;
  }

  /** Why the tier left the premium engine, for the log. */
  static String reason(Throwable error) {
    Throwable cause = AsyncCause.of(error);
    if (cause instanceof CircuitBreakerOpenException) return "its circuit breaker is open";
    if (cause instanceof TimeoutException) return "no result within its circuit breaker's call timeout";
    if (cause instanceof VoiceEngineException failure) return failure.getMessage();
    return AsyncCause.describe(cause);
  }
}
