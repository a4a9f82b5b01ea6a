package io.parley.voice;

import io.parley.core.bot.PinnedBotConfig;
import io.parley.core.bot.TurnTaking;
import io.parley.sessions.SessionInfo;
import io.parley.voice.media.TurnDetector;
import io.parley.voice.media.TurnSettings;

/**
 * When a call's caller has finished, by whose settings: the node's until the call knows its
 * session's configuration, then the tenant's {@code voice.turns} over them (its waits and its
 * backchannels, docs/voice.md#turn-end). A session keeps the configuration it started with, so a
 * tenant's change reaches its next call. Not thread-safe: one call's actor.
 */
final class CallTurns {
  private final TurnDetector detector;
  private final TurnSettings node;

  CallTurns(TurnDetector detector, TurnSettings node) {
    this.detector = detector;
    this.node = node;
  }

  /** The session's configuration is known (again, after the session moved). */
  void joined(SessionInfo info) {
    TurnTaking tenant = info.botConfig().map(PinnedBotConfig::config)
        .map(config -> config.voicePreferences().turnTaking()).orElse(TurnTaking.none());
    detector.use(node.forTenant(tenant));
    detector.backchannels(tenant.backchannels());
  }
}
