package io.parley.sessions;

import io.parley.core.CborSerializable;
import io.parley.core.session.Channel;
import java.time.Instant;
import java.util.Optional;

/** A session's identity and position, as answered to {@code start} and resume. */
public record SessionInfo(
    String sessionId, String tenant, Optional<String> userId, Channel channel, SessionStatus status, long lastSeq,
    Instant startedAt)
    implements CborSerializable {}
