package io.parley.sessions.resilience;

import com.typesafe.config.Config;
import io.parley.core.config.SettingsReader;
import java.time.Duration;
import java.util.Objects;

/**
 * How a circuit breaker judges its dependency: it opens after {@code maxFailures} failures in a
 * row, counts a call that takes longer than {@code callTimeout} as failed, and lets one trial
 * call through {@code resetTimeout} after opening.
 */
public record BreakerSettings(int maxFailures, Duration callTimeout, Duration resetTimeout) {
  public BreakerSettings {
    if (maxFailures < 1) {
      throw new IllegalArgumentException("maxFailures must be at least 1, got " + maxFailures);
    }
    requirePositive(callTimeout, "callTimeout");
    requirePositive(resetTimeout, "resetTimeout");
  }

  /** Reads {@code parley.resilience.breaker.*}. */
  public static BreakerSettings create(Config config) {
    SettingsReader reader = new SettingsReader(config);
    return new BreakerSettings(
        reader.positiveInt("parley.resilience.breaker.max-failures", "PARLEY_BREAKER_MAX_FAILURES"),
        reader.duration("parley.resilience.breaker.call-timeout", "PARLEY_BREAKER_CALL_TIMEOUT"),
        reader.duration("parley.resilience.breaker.reset-timeout", "PARLEY_BREAKER_RESET_TIMEOUT"));
  }

  private static void requirePositive(Duration duration, String name) {
    if (Objects.requireNonNull(duration, name).isNegative() || duration.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, got " + duration);
    }
  }
}
