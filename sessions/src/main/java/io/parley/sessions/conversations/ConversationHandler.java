package io.parley.sessions.conversations;

import io.parley.core.erasure.DataKeyStore;
import io.parley.core.erasure.KeyLookup;
import io.parley.core.search.BlindIndex;
import io.parley.core.session.SessionId;
import io.parley.persistence.conversations.ConversationRow;
import io.parley.persistence.conversations.ConversationTable;
import io.parley.persistence.conversations.ConversationTerms;
import io.parley.sessions.ChatSession;
import io.parley.sessions.SessionEvent;
import io.parley.sessions.SessionSeal;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.persistence.webhooks.WebhookOutbox;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.jdbc.javadsl.JdbcHandler;
import org.apache.pekko.serialization.Serialization;

/**
 * Folds one journal event into its conversation's row, in the projection's transaction (the
 * offset commits with the row). The event is opened with its session's key; a session whose key
 * is gone (erased) loses its row. The words of a customer's, the bot's or an agent's message go
 * into the search index ({@link BlindIndex}) with the row. An event the tenant's webhook subscribes to ({@link
 * SubscribedEvents}) goes into the webhook outbox in the same transaction, so it is delivered
 * exactly when the row changed.
 */
final class ConversationHandler extends JdbcHandler<EventEnvelope<Object>, PooledJdbcSession> {
  private static final int RECENT_KEYS = 1000;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final DataKeyStore keys;
  private final Serialization serialization;
  private final ConversationFold fold;
  private final String slice;
  private final ProjectionLag lag;
  private final Clock clock;
  private final SubscribedEvents subscribed;
  private final BlindIndex index;
  /** The keys of the sessions most recently read, the eldest forgotten first. */
  private final Map<SessionId, KeyLookup> recentKeys = new LinkedHashMap<>(RECENT_KEYS, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<SessionId, KeyLookup> eldest) {
      return size() > RECENT_KEYS;
    }
  };

  ConversationHandler(DataKeyStore keys, Serialization serialization, ConversationFold fold, String slice,
      ProjectionLag lag, Clock clock, SubscribedEvents subscribed, BlindIndex index) {
    this.keys = keys;
    this.serialization = serialization;
    this.fold = fold;
    this.slice = slice;
    this.lag = lag;
    this.clock = clock;
    this.subscribed = subscribed;
    this.index = index;
  }

  @Override
  public void process(PooledJdbcSession session, EventEnvelope<Object> envelope) throws Exception {
    PersistenceId persistenceId = PersistenceId.ofUniqueId(envelope.persistenceId());
    if (!persistenceId.entityTypeHint().equals(ChatSession.ENTITY_KEY.name())) return;
    SessionId id = SessionId.fromEntityId(persistenceId.entityId());
    Optional<SessionEvent> event = SessionSeal.readEvent(id, envelope.persistenceId(), serialization, keyOf(id),
        envelope.event());
    session.withConnection(connection -> {
      Optional<ConversationRow> before = apply(connection, id, event);
      event.flatMap(read -> ConversationEvent.of(read, before))
          .filter(happened -> subscribed.of(id.tenant()).contains(happened.name()))
          .ifPresent(happened -> outbox(connection, id, envelope.sequenceNr(), happened));
      return null;
    });
    lag.folded(slice, Instant.ofEpochMilli(envelope.timestamp()), clock.instant());
  }

  /**
   * The session's key, read once while the session's events keep coming: a data key never changes,
   * and an erased session writes no more events, so a key kept here opens nothing written after
   * its erasure (its row, deleted by the erasure, is not made again: only a start makes a row).
   */
  private KeyLookup keyOf(SessionId id) {
    KeyLookup known = recentKeys.get(id);
    if (known != null) return known;
    KeyLookup found = keys.find(id);
    if (found instanceof KeyLookup.Found) recentKeys.put(id, found);
    return found;
  }

  /** Folds the event into the row; returns the row as it was before (none for an erased session). */
  private Optional<ConversationRow> apply(Connection connection, SessionId id, Optional<SessionEvent> read)
      throws Exception {
    if (read.isEmpty() || read.get() instanceof SessionEvent.ContentErased) {
      ConversationTable.delete(connection, id.tenant(), id.wireId());
      return Optional.empty();
    }
    SessionEvent event = read.get();
    Optional<ConversationRow> current = ConversationTable.find(connection, id.tenant(), id.wireId());
    if (event instanceof SessionEvent.SessionStarted started) {
      if (current.isEmpty()) ConversationTable.save(connection, fold.started(id, started));
      return current;
    }
    // A session started before its events were tagged has no row to add to.
    if (current.isPresent()) {
      ConversationTable.save(connection, fold.next(current.get(), event));
      Optional<String> said = said(event);
      if (said.isPresent()) {
        ConversationTerms.add(connection, id.tenant(), id.wireId(), index.termsOf(id.tenant(), said.get()));
      }
    }
    return current;
  }

  /** What the customer, the bot or an agent wrote in {@code event}: the text search finds conversations by. */
  private static Optional<String> said(SessionEvent event) {
    if (event instanceof SessionEvent.UserMessageAppended user) return Optional.of(user.text());
    if (event instanceof SessionEvent.AssistantMessageAppended answer) return Optional.of(answer.text());
    if (event instanceof SessionEvent.AgentMessageAppended agent) return Optional.of(agent.text());
    return Optional.empty();
  }

  private void outbox(Connection connection, SessionId id, long eventSeq, ConversationEvent happened) {
    String deliveryId = UUID.randomUUID().toString();
    try {
      WebhookOutbox.add(connection, deliveryId, id.tenant(), id.wireId(), eventSeq, happened.name(),
          JSON.writeValueAsString(happened.body(deliveryId, id, eventSeq)), clock.instant());
    } catch (SQLException | JsonProcessingException e) {
      throw new IllegalStateException("cannot add a webhook delivery for session " + id.wireId(), e);
    }
  }
}
