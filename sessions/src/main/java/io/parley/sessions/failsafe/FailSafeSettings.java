package io.parley.sessions.failsafe;

import com.typesafe.config.Config;
import io.parley.core.config.SettingsReader;

/**
 * How many failures of its own make a session failed-safe ({@code parley.session.failed-safe-after},
 * PARLEY_SESSION_FAILED_SAFE_AFTER; docs/operations.md#failed-safe-sessions).
 */
public record FailSafeSettings(int failuresBeforeFailedSafe) {

  public static FailSafeSettings create(Config config) {
    return new FailSafeSettings(new SettingsReader(config)
        .positiveInt("parley.session.failed-safe-after", "PARLEY_SESSION_FAILED_SAFE_AFTER"));
  }
}
