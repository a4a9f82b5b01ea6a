package io.parley.sessions;

import io.parley.core.CborSerializable;
import io.parley.core.session.ChatMessage;
import io.parley.sessions.entity.ConversationNotes;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The whole of a session for inspection (REST {@code GET /v1/sessions/{id}}); {@code botConfigVersion}
 * is the tenant's bot configuration it runs with (absent: the node's settings).
 */
public record SessionView(
    SessionInfo info,
    List<ChatMessage> messages,
    ConversationNotes notes,
    Optional<Instant> closedAt,
    Optional<String> closeReason,
    Optional<ArchiveRecord> archive,
    Optional<Integer> botConfigVersion)
    implements CborSerializable {
  public SessionView {
    botConfigVersion = botConfigVersion == null ? Optional.empty() : botConfigVersion;
  }
}
