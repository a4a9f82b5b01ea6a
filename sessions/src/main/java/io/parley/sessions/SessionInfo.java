package io.parley.sessions;

import io.parley.core.CborSerializable;
import io.parley.core.handoff.Handoff;
import io.parley.core.session.Channel;
import java.time.Instant;
import java.util.Optional;

/** A session's identity and position, and who answers in it, as answered to {@code start} and resume. */
public record SessionInfo(
    String sessionId, String tenant, Optional<String> userId, Channel channel, SessionStatus status, long lastSeq,
    Instant startedAt, Handoff handoff)
    implements CborSerializable {
  public SessionInfo {
    handoff = handoff == null ? Handoff.bot() : handoff;
  }

  /** A session the bot answers in. */
  public SessionInfo(String sessionId, String tenant, Optional<String> userId, Channel channel, SessionStatus status,
      long lastSeq, Instant startedAt) {
    this(sessionId, tenant, userId, channel, status, lastSeq, startedAt, Handoff.bot());
  }
}
