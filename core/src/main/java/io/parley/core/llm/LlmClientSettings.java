package io.parley.core.llm;

import io.parley.core.retry.Backoff;
import java.time.Duration;
import java.util.Objects;

/**
 * How patient an {@link LlmClient} is. {@code firstByteTimeout} bounds the wait for the response
 * headers (a model that is loading or queueing), {@code idleTimeout} the silence between two
 * pieces of the stream; {@code maxAttempts} counts the first attempt, and {@code backoff} spaces
 * the retries. {@code stream} bounds what one streamed answer may make the node hold.
 */
public record LlmClientSettings(
    Duration connectTimeout, Duration firstByteTimeout, Duration idleTimeout, int maxAttempts, Backoff backoff,
    StreamLimits stream) {
  public LlmClientSettings {
    requirePositive(connectTimeout, "connectTimeout");
    requirePositive(firstByteTimeout, "firstByteTimeout");
    requirePositive(idleTimeout, "idleTimeout");
    Objects.requireNonNull(backoff, "backoff");
    Objects.requireNonNull(stream, "stream");
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
    }
  }

  /** With the default {@link StreamLimits}. */
  public LlmClientSettings(Duration connectTimeout, Duration firstByteTimeout, Duration idleTimeout, int maxAttempts,
      Backoff backoff) {
    this(connectTimeout, firstByteTimeout, idleTimeout, maxAttempts, backoff, StreamLimits.defaults());
  }

  /**
   * The most a provider's event stream may send: one line and one event (a chunk is a few hundred
   * bytes; a tool call's arguments come in pieces), and the whole answer. Past any, the answer
   * fails as a bad response, which counts against the provider's circuit breaker, instead of the
   * node buffering whatever a broken or hostile server sends.
   *
   * @param lineBytes the longest line, in UTF-8 bytes
   * @param eventChars the longest event's data, in characters
   * @param answerBytes the whole event stream of one answer, in bytes
   */
  public record StreamLimits(int lineBytes, int eventChars, long answerBytes) {
    public StreamLimits {
      if (lineBytes < 1 || eventChars < 1 || answerBytes < 1) {
        throw new IllegalArgumentException("stream limits must be positive, were " + lineBytes + ", " + eventChars
            + " and " + answerBytes);
      }
    }

    public static StreamLimits defaults() {
      return new StreamLimits(256 * 1024, 1024 * 1024, 8L * 1024 * 1024);
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
