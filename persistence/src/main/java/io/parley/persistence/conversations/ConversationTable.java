package io.parley.persistence.conversations;

import io.parley.persistence.Transactions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code conversation} table's rows, on a connection the caller's transaction owns (the
 * projection's, which commits its offset with them). One writer a session: the projection
 * instance of the session's tag; erasure only deletes. Every write and delete notes its change of
 * the rollups ({@link RollupChanges}), which the caller applies before its commit.
 */
public final class ConversationTable {
  static final String COLUMNS = "tenant, session_id, user_id, channel, started_at, last_event_at, closed_at, status, "
      + "resolved_by, handoff_asked_at, handoff_taken_at, handoff_wait_ms, user_messages, bot_messages, agent_messages, "
      + "notices, unanswered_since, first_response_ms, answer_ms_total, answers, prompt_tokens, completion_tokens, "
      + "priced_provider, cost_usd, lead_score, lead_qualified, rating, language, voice_seconds, cached_answers, "
      + "saved_tokens, saved_cost_usd, test, " + ConversationScore.COLUMNS;
  private static final String UPDATE = "UPDATE conversation SET user_id = ?, channel = ?, started_at = ?, "
      + "last_event_at = ?, closed_at = ?, status = ?, resolved_by = ?, handoff_asked_at = ?, handoff_taken_at = ?, "
      + "handoff_wait_ms = ?, user_messages = ?, bot_messages = ?, agent_messages = ?, notices = ?, "
      + "unanswered_since = ?, first_response_ms = ?, answer_ms_total = ?, answers = ?, prompt_tokens = ?, "
      + "completion_tokens = ?, priced_provider = ?, cost_usd = ?, lead_score = ?, lead_qualified = ?, rating = ?, "
      + "language = ?, voice_seconds = ?, cached_answers = ?, saved_tokens = ?, saved_cost_usd = ?, test = ? WHERE tenant = ? AND session_id = ?";
  private static final String INSERT = "INSERT INTO conversation (user_id, channel, started_at, last_event_at, "
      + "closed_at, status, resolved_by, handoff_asked_at, handoff_taken_at, handoff_wait_ms, user_messages, "
      + "bot_messages, agent_messages, notices, unanswered_since, first_response_ms, answer_ms_total, answers, "
      + "prompt_tokens, completion_tokens, priced_provider, cost_usd, lead_score, lead_qualified, rating, language, "
      + "voice_seconds, cached_answers, saved_tokens, saved_cost_usd, test, tenant, session_id) VALUES (?, ?, ?, ?, ?, ?, "
      + "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  /**
   * How many sessions one read of {@link #findAll} names (a smaller batch repeats its last key):
   * one statement text, prepared once a connection, reads a batch's sessions in one round trip.
   */
  static final int SESSIONS_A_READ = 16;
  private static final String FIND_ALL = "SELECT " + COLUMNS + " FROM conversation WHERE (tenant, session_id) IN ("
      + String.join(", ", Collections.nCopies(SESSIONS_A_READ, "(?, ?)")) + ")";

  /** A row to write over the one the caller read ({@code stored}; none: the session has none yet). */
  public record Write(Optional<ConversationRow> stored, ConversationRow row) {}

  private ConversationTable() {}

  /** The rows the projection made of {@code sessions}, without their tags; a session with none is absent. */
  public static Map<ConversationTerms.SessionKey, ConversationRow> findAll(Connection connection,
      Collection<ConversationTerms.SessionKey> sessions) throws SQLException {
    Map<ConversationTerms.SessionKey, ConversationRow> found = new HashMap<>();
    List<ConversationTerms.SessionKey> keys = new ArrayList<>(sessions);
    if (keys.isEmpty()) return found;
    try (PreparedStatement select = connection.prepareStatement(FIND_ALL)) {
      for (int from = 0; from < keys.size(); from += SESSIONS_A_READ) {
        for (int i = 0; i < SESSIONS_A_READ; i++) {
          ConversationTerms.SessionKey key = keys.get(Math.min(from + i, keys.size() - 1));
          select.setString(2 * i + 1, key.tenant());
          select.setString(2 * i + 2, key.sessionId());
        }
        try (ResultSet rows = select.executeQuery()) {
          while (rows.next()) {
            ConversationRow row = row(rows, List.of());
            found.put(ConversationTerms.SessionKey.of(row), row);
          }
        }
      }
    }
    return found;
  }

  /** The session's row without its tags, if the projection made one. */
  public static Optional<ConversationRow> find(Connection connection, String tenant, String sessionId)
      throws SQLException {
    return find(connection, tenant, sessionId, false);
  }

  /** With {@code locked}, the row stays as read until the transaction ends. */
  private static Optional<ConversationRow> find(Connection connection, String tenant, String sessionId, boolean locked)
      throws SQLException {
    return Transactions.first(connection, "SELECT " + COLUMNS
        + " FROM conversation WHERE tenant = ? AND session_id = ?" + (locked ? " FOR UPDATE" : ""),
        rows -> row(rows, List.of()), tenant, sessionId);
  }

  /**
   * Writes {@code row} over the session's, or as its first, and its rollup with it, on the caller's
   * transaction. For a caller that has not read the row (the projection's batches have: {@link #write}).
   */
  public static void save(Connection connection, ConversationRow row) throws SQLException {
    RollupChanges changes = new RollupChanges();
    write(connection, find(connection, row.tenant(), row.sessionId(), true), row, changes);
    changes.apply(connection);
  }

  /**
   * Writes {@code row} over {@code stored}, the session's row as the caller read it (none: the
   * session has none yet), and notes the difference in {@code changes}. A stored row that is gone
   * meanwhile was erased: it is not written again (only a session's start makes a row), and its
   * rollup lost its share with it. Returns whether the row was written.
   */
  public static boolean write(Connection connection, Optional<ConversationRow> stored, ConversationRow row,
      RollupChanges changes) throws SQLException {
    return writeAll(connection, List.of(new Write(stored, row)), changes).isEmpty();
  }

  /**
   * {@link #write} for many sessions' rows, the updates in one batch of statements and the inserts
   * in another (a round trip each, rather than one a row). Returns the sessions whose stored row was
   * gone, whose rows were not written.
   */
  public static Set<ConversationTerms.SessionKey> writeAll(Connection connection, Collection<Write> writes,
      RollupChanges changes) throws SQLException {
    List<Write> updates = writes.stream().filter(write -> write.stored().isPresent()).toList();
    List<Write> inserts = writes.stream().filter(write -> write.stored().isEmpty()).toList();
    Set<ConversationTerms.SessionKey> gone = new HashSet<>();
    int[] updated = batch(connection, UPDATE, updates);
    for (int i = 0; i < updates.size(); i++) {
      Write write = updates.get(i);
      if (updated[i] == 0) gone.add(ConversationTerms.SessionKey.of(write.row()));
      else changes.replaced(write.stored(), Optional.of(write.row()));
    }
    batch(connection, INSERT, inserts);
    for (Write write : inserts) changes.replaced(Optional.empty(), Optional.of(write.row()));
    return gone;
  }

  /** The rows bound to {@code sql} in one batch; the rows each statement changed. */
  private static int[] batch(Connection connection, String sql, List<Write> writes) throws SQLException {
    if (writes.isEmpty()) return new int[0];
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      for (Write write : writes) {
        bind(statement, write.row());
        statement.addBatch();
      }
      return statement.executeBatch();
    }
  }

  /**
   * Deletes the session's row, tags, search terms, unanswered questions and procedure runs (its key is gone), noting in {@code changes}
   * the share of the row it deleted. The row is read locked, so the share taken out of its rollup
   * is that of the row deleted, whatever the projection wrote just before.
   */
  public static void delete(Connection connection, String tenant, String sessionId, RollupChanges changes)
      throws SQLException {
    Optional<ConversationRow> deleted = find(connection, tenant, sessionId, true);
    for (String table : List.of("conversation_term", "conversation_tag", "knowledge_gap", "procedure_run", "conversation")) {
      try (PreparedStatement delete = connection.prepareStatement(
          "DELETE FROM " + table + " WHERE tenant = ? AND session_id = ?")) {
        delete.setString(1, tenant);
        delete.setString(2, sessionId);
        delete.executeUpdate();
      }
    }
    changes.replaced(deleted, Optional.empty());
  }

  private static void bind(PreparedStatement statement, ConversationRow row) throws SQLException {
    int i = 1;
    setText(statement, i++, row.userId());
    statement.setString(i++, row.channel());
    statement.setLong(i++, row.startedAt().toEpochMilli());
    statement.setLong(i++, row.lastEventAt().toEpochMilli());
    setMillis(statement, i++, row.closedAt());
    statement.setString(i++, row.status().wireName());
    setText(statement, i++, row.resolvedBy().map(ResolvedBy::wireName));
    setMillis(statement, i++, row.handoffAskedAt());
    setMillis(statement, i++, row.handoffTakenAt());
    setLong(statement, i++, row.handoffWaitMs());
    statement.setInt(i++, row.userMessages());
    statement.setInt(i++, row.botMessages());
    statement.setInt(i++, row.agentMessages());
    statement.setInt(i++, row.notices());
    setMillis(statement, i++, row.unansweredSince());
    setLong(statement, i++, row.firstResponseMs());
    statement.setLong(i++, row.answerMsTotal());
    statement.setInt(i++, row.answers());
    statement.setLong(i++, row.promptTokens());
    statement.setLong(i++, row.completionTokens());
    setText(statement, i++, row.pricedProvider());
    statement.setDouble(i++, row.costUsd());
    setLong(statement, i++, row.leadScore().map(Integer::longValue));
    statement.setBoolean(i++, row.leadQualified());
    setLong(statement, i++, row.rating().map(Integer::longValue));
    setText(statement, i++, row.language());
    statement.setLong(i++, row.voiceSeconds());
    statement.setInt(i++, row.cachedAnswers());
    statement.setLong(i++, row.savedTokens());
    statement.setDouble(i++, row.savedCostUsd());
    statement.setBoolean(i++, row.test());
    statement.setString(i++, row.tenant());
    statement.setString(i, row.sessionId());
  }

  /** {@code row} as this table gives it back once written: its instants to the millisecond, without tags. */
  public static ConversationRow asStored(ConversationRow row) {
    return new ConversationRow(row.tenant(), row.sessionId(), row.userId(), row.channel(), stored(row.startedAt()),
        stored(row.lastEventAt()), row.closedAt().map(ConversationTable::stored), row.status(), row.resolvedBy(),
        row.handoffAskedAt().map(ConversationTable::stored), row.handoffTakenAt().map(ConversationTable::stored),
        row.handoffWaitMs(), row.userMessages(), row.botMessages(), row.agentMessages(), row.notices(),
        row.unansweredSince().map(ConversationTable::stored), row.firstResponseMs(), row.answerMsTotal(), row.answers(),
        row.promptTokens(), row.completionTokens(), row.pricedProvider(), row.costUsd(), row.leadScore(),
        row.leadQualified(), row.rating(), row.language(), row.voiceSeconds(), row.cachedAnswers(), row.savedTokens(),
        row.savedCostUsd(), List.of(), row.test(), Optional.empty());
  }

  private static Instant stored(Instant instant) {
    return Instant.ofEpochMilli(instant.toEpochMilli());
  }

  static ConversationRow row(ResultSet rows, List<String> tags) throws SQLException {
    return new ConversationRow(rows.getString("tenant"), rows.getString("session_id"), text(rows, "user_id"),
        rows.getString("channel"), Instant.ofEpochMilli(rows.getLong("started_at")),
        Instant.ofEpochMilli(rows.getLong("last_event_at")), millis(rows, "closed_at"),
        ConversationStatus.fromWireName(rows.getString("status")), text(rows, "resolved_by").map(ResolvedBy::fromWireName),
        millis(rows, "handoff_asked_at"), millis(rows, "handoff_taken_at"), number(rows, "handoff_wait_ms"),
        rows.getInt("user_messages"), rows.getInt("bot_messages"), rows.getInt("agent_messages"), rows.getInt("notices"),
        millis(rows, "unanswered_since"), number(rows, "first_response_ms"), rows.getLong("answer_ms_total"),
        rows.getInt("answers"), rows.getLong("prompt_tokens"), rows.getLong("completion_tokens"),
        text(rows, "priced_provider"), rows.getDouble("cost_usd"), number(rows, "lead_score").map(Long::intValue),
        rows.getBoolean("lead_qualified"), number(rows, "rating").map(Long::intValue), text(rows, "language"),
        rows.getLong("voice_seconds"), rows.getInt("cached_answers"), rows.getLong("saved_tokens"),
        rows.getDouble("saved_cost_usd"), tags, rows.getBoolean("test"), ConversationScore.of(rows));
  }

  private static void setText(PreparedStatement statement, int index, Optional<String> value) throws SQLException {
    if (value.isPresent()) statement.setString(index, value.get());
    else statement.setNull(index, Types.VARCHAR);
  }

  private static void setLong(PreparedStatement statement, int index, Optional<Long> value) throws SQLException {
    if (value.isPresent()) statement.setLong(index, value.get());
    else statement.setNull(index, Types.BIGINT);
  }

  private static void setMillis(PreparedStatement statement, int index, Optional<Instant> value) throws SQLException {
    setLong(statement, index, value.map(Instant::toEpochMilli));
  }

  private static Optional<String> text(ResultSet rows, String column) throws SQLException {
    return Optional.ofNullable(rows.getString(column));
  }

  private static Optional<Long> number(ResultSet rows, String column) throws SQLException {
    long value = rows.getLong(column);
    return rows.wasNull() ? Optional.empty() : Optional.of(value);
  }

  private static Optional<Instant> millis(ResultSet rows, String column) throws SQLException {
    return number(rows, column).map(Instant::ofEpochMilli);
  }
}
