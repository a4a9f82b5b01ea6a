package io.parley.sessions.conversations;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.core.bot.PinnedBotConfig;
import io.parley.core.erasure.DataKeyStore;
import io.parley.core.erasure.KeyLookup;
import io.parley.core.search.BlindIndex;
import io.parley.core.session.SessionId;
import io.parley.persistence.conversations.ArticleUse;
import io.parley.persistence.conversations.ConversationRow;
import io.parley.persistence.conversations.ConversationScores;
import io.parley.persistence.conversations.ConversationStatus;
import io.parley.persistence.conversations.ConversationTable;
import io.parley.persistence.conversations.ConversationTexts;
import io.parley.persistence.conversations.ConversationTerms;
import io.parley.persistence.conversations.ExperimentConversations;
import io.parley.persistence.conversations.ProcedureRuns;
import io.parley.persistence.conversations.RollupChanges;
import io.parley.persistence.webhooks.WebhookOutbox;
import io.parley.sessions.FreshEvents;
import io.parley.sessions.entity.ChatSession;
import io.parley.sessions.entity.SessionEvent;
import io.parley.sessions.entity.SessionSeal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.jdbc.javadsl.JdbcHandler;
import org.apache.pekko.serialization.Serialization;

/**
 * Folds a batch of journal events into their conversations' rows, in the projection's transaction
 * (the batch's offset commits with the rows): a session's row is read once a batch, or not at all
 * when the slice wrote it last, its events folded in order in memory, and written once. The event
 * is opened with its session's key, or taken as sealed when this node sealed it a moment ago
 * ({@link FreshEvents}); a
 * session whose key is gone (erased) loses its row. The words of a customer's, the bot's or an
 * agent's message go into the search index ({@link BlindIndex}) with the row, each session's
 * distinct words once a batch and none a committed batch wrote ({@link BatchTerms}). An event the
 * tenant's webhook subscribes to ({@link SubscribedEvents}) goes into the webhook outbox in the
 * same transaction, in the batch's order, so it is delivered exactly when the row changed; so do
 * the counts of the knowledge-base articles its searches found ({@link ArticlesFound}), and the mark
 * of a customer's conversation that closed, for its score ({@link ConversationScores#markPending}),
 * a conversation's experiment and arm as it starts ({@link ExperimentConversations#mark}), its
 * procedure runs ({@link ProcedureRunFold}), and what its export prints of it ({@link ExportTexts}),
 * read once a batch. Once the batch commits, the tenants it began (the customer's first message) or
 * closed a conversation of are told ({@link ConversationTurns}).
 */
final class ConversationHandler extends JdbcHandler<List<EventEnvelope<Object>>, PooledJdbcSession> {
  private static final int RECENT_KEYS = 1000;
  private static final int RECENT_ROWS = 1000;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final DataKeyStore keys;
  private final FreshEvents fresh;
  private final Serialization serialization;
  private final ConversationFold fold;
  private final String slice;
  private final ProjectionLag lag;
  private final Clock clock;
  private final SubscribedEvents subscribed;
  private final BlindIndex index;
  private final ExportTexts texts;
  private final ConversationTurns turns;
  private final WrittenTerms writtenTerms = new WrittenTerms();
  /**
   * The rows committed batches of the slice wrote last, as written: a slice is its sessions' only
   * writer, so a session's next batch folds on its row without reading it. Only an erasure deletes
   * one meanwhile, which the batch's update finds ({@link Batch#save}).
   */
  private final Map<SessionId, ConversationRow> committedRows = RecentlyUsed.atMost(RECENT_ROWS);
  /**
   * The export's texts committed batches left their sessions with (none: the row keeps none), for
   * the same reason: a session's next message folds on them without reading them again.
   */
  private final Map<SessionId, Optional<ConversationTexts>> committedTexts = RecentlyUsed.atMost(RECENT_ROWS);
  /** How the sessions most recently read are opened, with their keys, the eldest forgotten first. */
  private final Map<SessionId, SessionSeal> recentSeals = RecentlyUsed.atMost(RECENT_KEYS);

  ConversationHandler(DataKeyStore keys, FreshEvents fresh, Serialization serialization, ConversationFold fold, String slice,
      ProjectionLag lag, Clock clock, SubscribedEvents subscribed, BlindIndex index, ExportTexts texts,
      ConversationTurns turns) {
    this.keys = keys;
    this.fresh = fresh;
    this.serialization = serialization;
    this.fold = fold;
    this.slice = slice;
    this.lag = lag;
    this.clock = clock;
    this.subscribed = subscribed;
    this.index = index;
    this.texts = texts;
    this.turns = turns;
  }

  @Override
  public void process(PooledJdbcSession session, List<EventEnvelope<Object>> envelopes) throws Exception {
    if (envelopes.isEmpty()) return;
    List<SessionEnvelope> sessionEvents = sessionEvents(envelopes);
    session.withConnection(connection -> {
      Batch batch = Batch.read(connection, new BatchTerms(writtenTerms), committedRows, committedTexts, sessionEvents);
      for (SessionEnvelope event : sessionEvents) fold(batch, event.id(), event.envelope());
      Map<ConversationTerms.SessionKey, Set<Long>> termsWritten = batch.save();
      // A row deleted, or gone, is read again should its session come back: it is not what the slice
      // wrote. Nor is a row written, until its batch commits: a commit that fails may have committed.
      batch.unwritten.forEach(committedRows::remove);
      batch.written.keySet().forEach(committedRows::remove);
      batch.unwritten.forEach(committedTexts::remove);
      batch.keptTexts.keySet().forEach(committedTexts::remove);
      session.afterCommit(() -> {
        writtenTerms.committed(termsWritten);
        committedRows.putAll(batch.written);
        batch.keptTexts.forEach((id, kept) -> {
          if (!batch.unwritten.contains(id)) committedTexts.put(id, kept);
        });
        batch.turned.forEach(turns::begunOrClosed);
      });
      return null;
    });
    lag.folded(slice, Instant.ofEpochMilli(envelopes.get(envelopes.size() - 1).timestamp()), clock.instant());
  }

  /** An event of a conversation, with the session it belongs to. */
  private record SessionEnvelope(SessionId id, EventEnvelope<Object> envelope) {}

  /** The batch's events of chat sessions, in order (the journal holds other entities' too). */
  private static List<SessionEnvelope> sessionEvents(List<EventEnvelope<Object>> envelopes) {
    List<SessionEnvelope> events = new ArrayList<>(envelopes.size());
    for (EventEnvelope<Object> envelope : envelopes) {
      PersistenceId persistenceId = PersistenceId.ofUniqueId(envelope.persistenceId());
      if (!persistenceId.entityTypeHint().equals(ChatSession.ENTITY_KEY.name())) continue;
      events.add(new SessionEnvelope(SessionId.fromEntityId(persistenceId.entityId()), envelope));
    }
    return events;
  }

  private void fold(Batch batch, SessionId id, EventEnvelope<Object> envelope) throws Exception {
    // A caller's keys are the customer's message they are, in every figure and text of the row.
    Optional<SessionEvent> event = sealOf(id, envelope.persistenceId()).readEvent(envelope.event())
        .map(read -> read instanceof SessionEvent.KeysPressed keys ? keys.message() : read);
    Optional<ConversationRow> before = apply(batch, id, event);
    if (before.isPresent() && event.get() instanceof SessionEvent.ToolCallCompleted completed) {
      batch.effect(id, connection -> articlesFound(connection, id, completed));
    }
    if (before.isPresent() && event.get() instanceof SessionEvent.AssistantMessageAppended answer
        && !answer.citations().isEmpty()) {
      batch.effect(id, connection -> articlesCited(connection, id, answer));
    }
    if (before.isPresent()) {
      ProcedureRunFold.of(event.get()).ifPresent(change -> batch.effect(id, connection ->
          ProcedureRuns.write(connection, id.tenant(), id.wireId(), change)));
    }
    boolean closed = before.isPresent() && closed(before.get(), batch.row(id));
    // Told: a conversation begun, as the list and the figures know it from its customer's first
    // message, its close, and its customer's rating; a session no one wrote in is listed nowhere.
    if (before.isPresent() && batch.row(id).filter(row -> row.userMessages() > 0).isPresent()
        && (closed || before.get().userMessages() == 0 || event.get() instanceof SessionEvent.Rated)) {
      batch.turned.add(id.tenant());
    }
    // The judge scores a customer's conversation: a test's (the draft tried, an evaluation) never
    // is, nor a session the customer never wrote in.
    if (closed && batch.row(id).filter(ConversationRow::counted).isPresent()) {
      batch.effect(id, connection -> ConversationScores.markPending(connection, id.tenant(), id.wireId()));
    }
    List<ConversationEvent> happened = event.map(read -> ConversationEvent.of(read, before)).orElse(List.of());
    // The events of one journal event take the places up to its own, the last its own.
    for (int i = 0; i < happened.size(); i++) {
      ConversationEvent named = happened.get(i);
      long place = envelope.sequenceNr() - (happened.size() - 1 - i);
      if (subscribed.of(id.tenant()).contains(named.name())) batch.effect(id, connection -> outbox(connection, id, place, named));
    }
  }

  /**
   * How the session's events are opened, with its key read once while its events keep coming: a
   * data key never changes, and an erased session writes no more events, so a key kept here opens
   * nothing written after its erasure (its row, deleted by the erasure, is not made again: only a
   * start makes a row).
   */
  private SessionSeal sealOf(SessionId id, String persistenceId) {
    SessionSeal known = recentSeals.get(id);
    if (known != null) return known;
    KeyLookup found = keys.find(id);
    SessionSeal seal = SessionSeal.reader(id, persistenceId, serialization, found, fresh);
    if (found instanceof KeyLookup.Found) recentSeals.put(id, seal);
    return seal;
  }

  /** Folds the event into the row; returns the row as it was before (none for an erased session). */
  private Optional<ConversationRow> apply(Batch batch, SessionId id, Optional<SessionEvent> read) throws Exception {
    if (read.isEmpty() || read.get() instanceof SessionEvent.ContentErased) {
      batch.delete(id);
      return Optional.empty();
    }
    SessionEvent event = read.get();
    Optional<ConversationRow> current = batch.row(id);
    if (event instanceof SessionEvent.SessionStarted started) {
      if (current.isEmpty()) {
        batch.change(id, fold.started(id, started));
        started.botConfig().flatMap(PinnedBotConfig::experiment).ifPresent(arm -> batch.effect(id, connection ->
            ExperimentConversations.mark(connection, id.tenant(), id.wireId(), arm)));
        ConversationTexts none = texts.started(started);
        batch.effect(id, connection -> batch.texts(connection, id, known -> Optional.of(none)));
      }
      return current;
    }
    // A session started before its events were tagged has no row to add to.
    if (current.isPresent()) {
      ConversationRow next = fold.next(current.get(), event);
      batch.change(id, next);
      Optional<String> said = said(event);
      // Stemmed in the conversation's language as it is when the words are said.
      if (said.isPresent()) batch.terms.add(id, index.termsOf(id.tenant(), said.get(), next.language()));
      if (ExportTexts.matters(event)) {
        batch.effect(id, connection -> batch.texts(connection, id, known -> known.flatMap(kept -> texts.next(id, kept, event))));
      }
    }
    return current;
  }

  /** Whether the event closed the conversation. */
  private static boolean closed(ConversationRow before, Optional<ConversationRow> after) {
    return before.status() != ConversationStatus.CLOSED && after.filter(row -> row.status() == ConversationStatus.CLOSED).isPresent();
  }

  /** What the customer, the bot or an agent wrote in {@code event}: the text search finds conversations by. */
  private static Optional<String> said(SessionEvent event) {
    if (event instanceof SessionEvent.UserMessageAppended user) return Optional.of(user.text());
    if (event instanceof SessionEvent.AssistantMessageAppended answer) return Optional.of(answer.text());
    if (event instanceof SessionEvent.AgentMessageAppended agent) return Optional.of(agent.text());
    return Optional.empty();
  }

  /** Counts the articles a knowledge-base search found, on the UTC day of its result. */
  private void articlesFound(Connection connection, SessionId id, SessionEvent.ToolCallCompleted completed)
      throws SQLException {
    LocalDate day = LocalDate.ofInstant(completed.at(), ZoneOffset.UTC);
    for (Map.Entry<String, String> article : ArticlesFound.of(completed).entrySet()) {
      ArticleUse.count(connection, id.tenant(), day, slice, article.getKey(), article.getValue());
    }
  }

  /** Counts the articles an answer cited, each once however often its text cites it, on the UTC day of the answer. */
  private void articlesCited(Connection connection, SessionId id, SessionEvent.AssistantMessageAppended answer)
      throws SQLException {
    LocalDate day = LocalDate.ofInstant(answer.at(), ZoneOffset.UTC);
    Map<String, String> cited = new LinkedHashMap<>();
    answer.citations().forEach(citation -> cited.putIfAbsent(citation.documentId(), citation.title()));
    for (Map.Entry<String, String> article : cited.entrySet()) {
      ArticleUse.count(connection, ArticleUse.Count.CITED, id.tenant(), day, slice, article.getKey(), article.getValue());
    }
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

  /** What folding an event writes besides its row: article counts, a webhook delivery. */
  @FunctionalInterface
  private interface Effect {
    void write(Connection connection) throws SQLException;
  }

  /**
   * The rows of one batch's sessions: those the slice wrote last as it wrote them, the others all
   * read at its start, in one round trip; its events folded in memory in the batch's order, and the
   * changed rows written at the end of the batch, in the batch's transaction. A session's events are
   * all in one slice, and a slice has one writer, so no one else changes the row meanwhile (an
   * erasure only deletes it). What the events write besides the rows follows them, in the batch's
   * order, but for a session whose row an erasure took meanwhile. The rollups take each row's change
   * (the row written minus the row as stored before the batch; a deleted row's share out) at the very
   * end, in key order.
   */
  private static final class Batch {
    private final Connection connection;
    /** Every session of the batch, with its row as folded so far (none: not started, or deleted). */
    private final Map<SessionId, Optional<ConversationRow>> rows;
    private final Set<SessionId> changed = new LinkedHashSet<>();
    /** The sessions' rows as the database held them when the batch read them. */
    private final Map<SessionId, ConversationRow> stored = new HashMap<>();
    private final RollupChanges rollups = new RollupChanges();
    private final List<Map.Entry<SessionId, Effect>> effects = new ArrayList<>();
    /** The export's texts as committed batches left them, read where the batch has not changed them. */
    private final Map<SessionId, Optional<ConversationTexts>> committedTexts;
    /** The sessions' texts as the batch's effects left them. */
    final Map<SessionId, Optional<ConversationTexts>> keptTexts = new HashMap<>();
    private final Set<SessionId> changedTexts = new LinkedHashSet<>();
    /** The words said in the batch, written with its rows. */
    final BatchTerms terms;
    /** The rows {@link #save} wrote. */
    final Map<SessionId, ConversationRow> written = new HashMap<>();
    /** The sessions whose rows this batch deleted, or found gone. */
    final Set<SessionId> unwritten = new HashSet<>();
    /** The tenants whose conversations the batch began or closed. */
    final Set<String> turned = new LinkedHashSet<>();

    private Batch(Connection connection, BatchTerms terms, Map<SessionId, Optional<ConversationRow>> rows,
        Map<SessionId, Optional<ConversationTexts>> committedTexts) {
      this.connection = connection;
      this.terms = terms;
      this.rows = rows;
      this.committedTexts = committedTexts;
      rows.forEach((id, row) -> row.ifPresent(found -> stored.put(id, found)));
    }

    /**
     * The batch of {@code events}, their sessions' rows as {@code written} has them or else read, and
     * their texts as {@code writtenTexts} has them or else read when first changed.
     */
    static Batch read(Connection connection, BatchTerms terms, Map<SessionId, ConversationRow> written,
        Map<SessionId, Optional<ConversationTexts>> writtenTexts, List<SessionEnvelope> events) throws SQLException {
      Map<SessionId, Optional<ConversationRow>> rows = new HashMap<>();
      Map<ConversationTerms.SessionKey, SessionId> unknown = new LinkedHashMap<>();
      for (SessionEnvelope event : events) {
        ConversationRow known = written.get(event.id());
        if (known != null) rows.put(event.id(), Optional.of(known));
        else if (!rows.containsKey(event.id())) unknown.put(BatchTerms.key(event.id()), event.id());
      }
      Map<ConversationTerms.SessionKey, ConversationRow> found = ConversationTable.findAll(connection, unknown.keySet());
      unknown.forEach((key, id) -> rows.put(id, Optional.ofNullable(found.get(key))));
      return new Batch(connection, terms, rows, writtenTexts);
    }

    Optional<ConversationRow> row(SessionId id) {
      return rows.get(id);
    }

    void change(SessionId id, ConversationRow row) {
      rows.put(id, Optional.of(row));
      changed.add(id);
    }

    /** {@code effect} is written after the rows, unless the session's row is found gone. */
    void effect(SessionId id, Effect effect) {
      effects.add(Map.entry(id, effect));
    }

    /**
     * Changes the session's texts by {@code change} (empty: unchanged), as the slice last committed
     * them, else read on the batch's first change; written once, after the batch's other effects.
     * A row that kept none (projected before) keeps none.
     */
    void texts(Connection connection, SessionId id, UnaryOperator<Optional<ConversationTexts>> change)
        throws SQLException {
      Optional<ConversationTexts> known = keptTexts.containsKey(id) ? keptTexts.get(id)
          : committedTexts.containsKey(id) ? committedTexts.get(id)
          : ConversationTexts.read(connection, id.tenant(), id.wireId());
      Optional<ConversationTexts> next = change.apply(known);
      if (next.isPresent()) changedTexts.add(id);
      keptTexts.put(id, next.or(() -> known));
    }

    /** Deletes at once, with the row's tags and stored search terms; none of the batch's are written. */
    void delete(SessionId id) throws SQLException {
      ConversationTable.delete(connection, id.tenant(), id.wireId(), rollups);
      terms.forget(id);
      rows.put(id, Optional.empty());
      changed.remove(id);
      stored.remove(id);
      keptTexts.remove(id);
      changedTexts.remove(id);
      unwritten.add(id);
    }

    /**
     * Writes the changed rows, their rollups and the search terms; a row erased since the batch read
     * it is not written, nor are its terms. Returns the terms written.
     */
    Map<ConversationTerms.SessionKey, Set<Long>> save() throws SQLException {
      List<ConversationTable.Write> writes = new ArrayList<>(changed.size());
      for (SessionId id : changed) {
        writes.add(new ConversationTable.Write(Optional.ofNullable(stored.get(id)), rows.get(id).orElseThrow()));
      }
      Set<ConversationTerms.SessionKey> gone = ConversationTable.writeAll(connection, writes, rollups);
      for (SessionId id : changed) {
        if (gone.contains(BatchTerms.key(id))) {
          terms.forget(id);
          unwritten.add(id);
        } else {
          written.put(id, ConversationTable.asStored(rows.get(id).orElseThrow()));
        }
      }
      for (Map.Entry<SessionId, Effect> effect : effects) {
        if (!gone.contains(BatchTerms.key(effect.getKey()))) effect.getValue().write(connection);
      }
      for (SessionId id : changedTexts) {
        Optional<ConversationTexts> kept = keptTexts.getOrDefault(id, Optional.empty());
        if (kept.isPresent()) ConversationTexts.write(connection, id.tenant(), id.wireId(), kept.get());
      }
      rollups.apply(connection);
      return terms.write(connection);
    }
  }
}
