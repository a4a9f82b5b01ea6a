package io.parley.core.llm;

import io.parley.core.retry.Backoff;
import java.time.Duration;
import java.util.Objects;

/**
 * How patient an {@link LlmClient} is. {@code firstByteTimeout} bounds the wait for the response
 * headers (a model that is loading or queueing), {@code idleTimeout} the silence between two
 * pieces of the stream; {@code maxAttempts} counts the first attempt, and {@code backoff} spaces
 * the retries.
 */
public record LlmClientSettings(
    Duration connectTimeout, Duration firstByteTimeout, Duration idleTimeout, int maxAttempts, Backoff backoff) {
  public LlmClientSettings {
    requirePositive(connectTimeout, "connectTimeout");
    requirePositive(firstByteTimeout, "firstByteTimeout");
    requirePositive(idleTimeout, "idleTimeout");
    Objects.requireNonNull(backoff, "backoff");
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
    }
  }

  /**
   * Generous first-byte wait, since a local server may load the model on the first request; a
   * short backoff, since a person is waiting for the answer.
   */
  public static LlmClientSettings defaults() {
    return new LlmClientSettings(
        Duration.ofSeconds(5),
        Duration.ofSeconds(60),
        Duration.ofSeconds(30),
        3,
        new Backoff(Duration.ofMillis(500), Duration.ofSeconds(8), 2.0, 0.5));
  }

  private static void requirePositive(Duration duration, String name) {
    if (Objects.requireNonNull(duration, name).isNegative() || duration.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, got " + duration);
    }
  }
}
