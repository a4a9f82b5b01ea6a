package io.parley.sessions;

import java.time.Instant;
import java.util.Optional;

/** A session's identity and position, as answered to {@code start} and resume. */
public record SessionInfo(
    String sessionId, String tenant, Optional<String> userId, SessionStatus status, long lastSeq, Instant startedAt)
    implements Outcome.Value {}
