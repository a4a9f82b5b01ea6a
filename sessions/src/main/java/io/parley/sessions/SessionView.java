package io.parley.sessions;

import io.parley.core.CborSerializable;
import io.parley.core.session.ChatMessage;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The whole of a session for inspection (REST {@code GET /v1/sessions/{id}}). */
public record SessionView(
    SessionInfo info,
    List<ChatMessage> messages,
    ConversationNotes notes,
    Optional<Instant> closedAt,
    Optional<String> closeReason,
    Optional<ArchiveRecord> archive)
    implements CborSerializable {}
