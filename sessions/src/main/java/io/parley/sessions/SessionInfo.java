package io.parley.sessions;

import io.parley.core.CborSerializable;
import io.parley.core.bot.PinnedBotConfig;
import io.parley.core.handoff.Handoff;
import io.parley.core.session.Channel;
import java.time.Instant;
import java.util.Optional;

/**
 * A session's identity and position, and who answers in it, as answered to {@code start} and resume;
 * with the bot configuration it keeps and its lead score, which a voice call speaks by, and its
 * language (a BCP 47 tag) once one is decided, which a page shows its texts in.
 */
public record SessionInfo(
    String sessionId, String tenant, Optional<String> userId, Channel channel, SessionStatus status, long lastSeq,
    Instant startedAt, Handoff handoff, Optional<PinnedBotConfig> botConfig, int leadScore, Optional<String> language)
    implements CborSerializable {
  public SessionInfo {
    handoff = handoff == null ? Handoff.bot() : handoff;
    botConfig = botConfig == null ? Optional.empty() : botConfig;
    language = language == null ? Optional.empty() : language;
  }

  /** A session on the node's configuration, not scored yet. */
  public SessionInfo(String sessionId, String tenant, Optional<String> userId, Channel channel, SessionStatus status,
      long lastSeq, Instant startedAt, Handoff handoff) {
    this(sessionId, tenant, userId, channel, status, lastSeq, startedAt, handoff, Optional.empty(), 0, Optional.empty());
  }

  /** A session the bot answers in. */
  public SessionInfo(String sessionId, String tenant, Optional<String> userId, Channel channel, SessionStatus status,
      long lastSeq, Instant startedAt) {
    this(sessionId, tenant, userId, channel, status, lastSeq, startedAt, Handoff.bot());
  }
}
