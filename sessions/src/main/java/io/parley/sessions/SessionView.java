package io.parley.sessions;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.parley.core.CborSerializable;
import io.parley.core.citation.Citation;
import io.parley.core.session.ChatMessage;
import io.parley.core.session.ReplyOption;
import io.parley.sessions.entity.ConversationNotes;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The whole of a session for inspection (REST {@code GET /v1/sessions/{id}}); {@code botConfigVersion}
 * is the tenant's bot configuration it runs with (absent: the node's settings); {@code optionsBySeq}
 * the replies to tap each bot message offered, {@code citationsBySeq} the articles each answer cites
 * (neither from a node before they existed).
 */
public record SessionView(
    SessionInfo info,
    List<ChatMessage> messages,
    ConversationNotes notes,
    Optional<Instant> closedAt,
    Optional<String> closeReason,
    Optional<ArchiveRecord> archive,
    Optional<Integer> botConfigVersion,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<Long, List<ReplyOption>> optionsBySeq,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<Long, List<Citation>> citationsBySeq)
    implements CborSerializable {
  public SessionView {
    botConfigVersion = botConfigVersion == null ? Optional.empty() : botConfigVersion;
    optionsBySeq = optionsBySeq == null ? Map.of() : Map.copyOf(optionsBySeq);
    citationsBySeq = citationsBySeq == null ? Map.of() : Map.copyOf(citationsBySeq);
  }

  public SessionView(SessionInfo info, List<ChatMessage> messages, ConversationNotes notes, Optional<Instant> closedAt,
      Optional<String> closeReason, Optional<ArchiveRecord> archive, Optional<Integer> botConfigVersion) {
    this(info, messages, notes, closedAt, closeReason, archive, botConfigVersion, Map.of(), Map.of());
  }

  /** The articles the answer at {@code seq} cites; none for most messages. */
  public List<Citation> citationsOf(long seq) {
    return citationsBySeq.getOrDefault(seq, List.of());
  }

  /** The replies the message at {@code seq} offered to tap; none for most. */
  public List<ReplyOption> optionsOf(long seq) {
    return optionsBySeq.getOrDefault(seq, List.of());
  }
}
