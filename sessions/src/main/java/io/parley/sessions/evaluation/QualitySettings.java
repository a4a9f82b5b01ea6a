package io.parley.sessions.evaluation;

import com.typesafe.config.Config;
import io.parley.core.config.SettingsReader;
import java.time.Duration;

/**
 * How a node scores closed conversations (docs/evaluations.md, "Every conversation scored"):
 * whether it does ({@code PARLEY_QUALITY_SCORING}), the judge's tokens a tenant may spend on it a
 * UTC day unless its configuration says less ({@code PARLEY_QUALITY_DAILY_TOKENS}), how many it
 * scores at once ({@code PARLEY_QUALITY_AT_ONCE}), how often it looks for closed conversations to
 * score ({@code PARLEY_QUALITY_POLL}), and how long a conversation it claimed stays its own
 * ({@code PARLEY_QUALITY_LEASE}): past it, a node that died is taken to have left it.
 */
record QualitySettings(boolean enabled, long dailyTokens, int atOnce, Duration poll, Duration lease) {

  public static QualitySettings create(Config config) {
    SettingsReader reader = new SettingsReader(config);
    return new QualitySettings(
        reader.flag("parley.quality.scoring", "PARLEY_QUALITY_SCORING"),
        reader.positiveInt("parley.quality.daily-tokens", "PARLEY_QUALITY_DAILY_TOKENS"),
        reader.positiveInt("parley.quality.at-once", "PARLEY_QUALITY_AT_ONCE"),
        reader.duration("parley.quality.poll", "PARLEY_QUALITY_POLL"),
        reader.duration("parley.quality.lease", "PARLEY_QUALITY_LEASE"));
  }
}
