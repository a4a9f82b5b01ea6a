package io.parley.sessions.evaluation;

import io.parley.core.archive.ArchiveKeys;
import io.parley.core.archive.ArchiveStore;
import io.parley.core.archive.ArchiveUnavailableException;
import io.parley.core.evaluation.CaseDocument;
import io.parley.core.privacy.Placeholders;
import io.parley.core.session.AnswerSource;
import io.parley.core.session.Channel;
import io.parley.core.session.ChatMessage;
import io.parley.core.session.ErrorCode;
import io.parley.core.session.Refusal;
import io.parley.core.session.Role;
import io.parley.core.session.SessionId;
import io.parley.persistence.conversations.ConversationPage;
import io.parley.persistence.conversations.ConversationQuery;
import io.parley.persistence.conversations.ConversationRow;
import io.parley.persistence.conversations.ConversationStatus;
import io.parley.persistence.conversations.JdbcConversations;
import io.parley.sessions.entity.SessionArchiveDocument;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A tenant's most recent customer conversations as the archive keeps them, for a replay
 * (docs/evaluations.md#replay): the conversations read model names the closed ones, newest first
 * (test conversations are not in it, and evaluation sessions are never archived), and each one's
 * archive document gives its messages. Each customer message is paired with what answered it live
 * (the bot's answers, or a person's), all redacted: as the archive has them when the node redacts
 * archives, else numbered with placeholders here. Blocking.
 */
final class ArchivedConversations {
  /** A customer message and what answered it live (empty when nothing did). */
  public record Exchange(String customer, String live) {}

  /** A conversation to replay: its session, when it closed, and its exchanges in order. */
  public record Archived(String sessionId, Instant closedAt, List<Exchange> exchanges) {}

  // Rows read for each conversation asked for: some were not archived yet, or hold no customer message.
  private static final int ROWS_PER_CONVERSATION = 4;

  private final JdbcConversations conversations;
  private final ArchiveStore archive;

  public ArchivedConversations(JdbcConversations conversations, ArchiveStore archive) {
    this.conversations = conversations;
    this.archive = archive;
  }

  /** Up to {@code count} of the tenant's latest archived conversations, newest first. */
  List<Archived> latest(String tenant, int count) {
    List<Archived> found = new ArrayList<>();
    Optional<ConversationQuery.Position> after = Optional.empty();
    int rowsLeft = count * ROWS_PER_CONVERSATION;
    while (found.size() < count && rowsLeft > 0) {
      ConversationPage page = conversations.page(closed(tenant, after, Math.min(rowsLeft, ConversationQuery.MAX_LIMIT)));
      for (ConversationRow row : page.conversations()) {
        if (found.size() < count) read(tenant, row).ifPresent(found::add);
      }
      rowsLeft -= page.conversations().size();
      if (page.next().isEmpty()) break;
      after = page.next();
    }
    return found;
  }

  private Optional<Archived> read(String tenant, ConversationRow row) {
    if (row.closedAt().isEmpty()) return Optional.empty();
    String key = ArchiveKeys.of(SessionId.of(tenant, row.sessionId()), row.closedAt().get());
    Optional<byte[]> stored;
    try {
      stored = archive.get(key);
    } catch (ArchiveUnavailableException e) {
      throw Refusal.of(ErrorCode.UNAVAILABLE, "replay: the archive (" + archive.location() + ") cannot be read: " + e.getMessage());
    }
    if (stored.isEmpty()) return Optional.empty();
    SessionArchiveDocument document = SessionArchiveDocument.fromJson(stored.get());
    if (document.channel() == Channel.EVALUATION || document.botConfigDraft().orElse(false)) return Optional.empty();
    List<Exchange> exchanges = exchanges(document);
    return exchanges.isEmpty() ? Optional.empty() : Optional.of(new Archived(row.sessionId(), document.closedAt(), exchanges));
  }

  /** Each customer message (at most as many as a case holds) with the answers that followed it, redacted. */
  private static List<Exchange> exchanges(SessionArchiveDocument document) {
    List<ChatMessage> messages = document.messages();
    Placeholders placeholders = document.personalDataRedacted() ? Placeholders.off()
        : Placeholders.numbering(messages.stream().map(ChatMessage::text).toList());
    List<String> customer = new ArrayList<>();
    List<StringBuilder> live = new ArrayList<>();
    for (ChatMessage message : messages) {
      if (message.role() == Role.USER && !message.text().isBlank()) {
        if (customer.size() == CaseDocument.MAX_MESSAGES) break;
        customer.add(placeholders.redact(message.text()));
        live.add(new StringBuilder());
      } else if (!customer.isEmpty() && answers(message)) {
        StringBuilder answer = live.get(live.size() - 1);
        answer.append(answer.isEmpty() ? "" : "\n").append(placeholders.redact(message.text()));
      }
    }
    List<Exchange> exchanges = new ArrayList<>();
    for (int i = 0; i < customer.size(); i++) exchanges.add(new Exchange(customer.get(i), live.get(i).toString()));
    return exchanges;
  }

  private static boolean answers(ChatMessage message) {
    return message.role() == Role.AGENT
        || (message.role() == Role.ASSISTANT && message.source().orElse(null) != AnswerSource.GREETING);
  }

  private static ConversationQuery closed(String tenant, Optional<ConversationQuery.Position> after, int limit) {
    return new ConversationQuery(tenant, Optional.empty(), Optional.empty(), Optional.empty(),
        List.of(ConversationStatus.CLOSED), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), false, List.of(),
        ConversationQuery.Order.NEWEST, after, limit);
  }
}
