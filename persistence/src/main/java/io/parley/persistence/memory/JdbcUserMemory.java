package io.parley.persistence.memory;

import io.parley.core.memory.EmbeddingModel;
import io.parley.core.memory.MemoryEntry;
import io.parley.core.memory.MemoryHit;
import io.parley.core.memory.MemoryId;
import io.parley.core.memory.PinnedFact;
import io.parley.core.memory.SessionMemory;
import io.parley.core.memory.UserMemory;
import io.parley.persistence.EmbeddingBytes;
import io.parley.persistence.PersistenceException;
import io.parley.persistence.StatementParameters;
import io.parley.persistence.Transactions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Long-term memory per user in the {@code user_memory} table (migration V2), on PostgreSQL or H2.
 *
 * <p><b>Remembering.</b> A closed session leaves one episodic row, its summary (named {@code
 * "episode"}), and one semantic row per pinned fact, named by the fact's kind, with the text
 * {@code "kind: value"} (such as {@code "order_number: 1042"}); each row carries the embedding of
 * its text, computed before the transaction opens. The session's rows are replaced in one
 * transaction, so a retry leaves one copy, even one that races the original (they collide on the
 * primary key and the loser runs again). A blank summary or fact value is not stored; a fact
 * without a time takes the session's. Times are kept to the microsecond, PostgreSQL's precision.
 *
 * <p><b>Recalling.</b> The query is embedded, the user's rows read, and {@link RecallPolicy} drops
 * the superseded facts (a newer session's email replaces the older one) and picks the hits: the
 * customer's current identity facts and the last episode whatever the query, then the memories most
 * similar to it. Its comment gives the rule and the reasons. {@link #all} keeps the history,
 * superseded facts included. A row whose vector does not have the model's dimensions (stored under
 * another model) is embedded again from its text when recalled.
 *
 * <p><b>Correcting.</b> The customer or the tenant's staff may replace a row's text ({@link #correct},
 * which embeds it again) or delete it ({@link #forget(String, String, MemoryId)}), naming it by its
 * session and ordinal; recall reads the table each turn, so the next one sees the change.
 *
 * <p><b>Scale.</b> Ranking is in Java: a user is assumed to have tens to hundreds of memories (one
 * episode and a few facts a session), so recall reads at most the newest {@value
 * #MAX_RECALLED_ROWS} rows of 1.5 KB and scores them in under a millisecond; older rows are not
 * considered. For users with thousands of sessions, or a search across users, the upgrade is a
 * pgvector {@code vector(384)} column, filled from these bytes, with an HNSW index and the ranking
 * in SQL ({@code ORDER BY embedding <=> ?}), or merging old episodes into fewer.
 *
 * <p><b>Tenancy.</b> Every statement is filtered by tenant and user: the same user id in another
 * tenant is another user, with nothing in common.
 *
 * <p>Thread-safe. Blocks on JDBC and on the embedding model: call it off the actor threads.
 */
public final class JdbcUserMemory implements UserMemory {
  static final int MAX_RECALLED_ROWS = 1000;
  static final String EPISODE_NAME = "episode";

  private final DataSource dataSource;
  private final EmbeddingModel embeddings;
  private final RecallPolicy policy;

  /** With {@link RecallPolicy#DEFAULT}. */
  public JdbcUserMemory(DataSource dataSource, EmbeddingModel embeddings) {
    this(dataSource, embeddings, RecallPolicy.DEFAULT);
  }

  /** {@code dataSource} must have the schema of {@code Database.migrate()}. */
  public JdbcUserMemory(DataSource dataSource, EmbeddingModel embeddings, RecallPolicy policy) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.embeddings = Objects.requireNonNull(embeddings, "embeddings");
    this.policy = Objects.requireNonNull(policy, "policy");
  }

  /** @throws PersistenceException when the database fails (after retrying a collision with a concurrent retry) */
  @Override
  public void remember(SessionMemory memory) {
    requireId(memory.tenant(), "tenant");
    requireId(memory.userId(), "userId");
    requireId(memory.sessionId(), "sessionId");
    Objects.requireNonNull(memory.closedAt(), "closedAt");
    List<Row> rows = rowsOf(memory);
    Transactions.write(dataSource, "remember session " + memory.sessionId() + " of tenant " + memory.tenant(),
        connection -> replace(connection, memory, rows));
  }

  private List<Row> rowsOf(SessionMemory memory) {
    Instant closedAt = memory.closedAt();
    List<Row> rows = new ArrayList<>();
    if (memory.summary() != null && !memory.summary().isBlank()) {
      String text = memory.summary().strip();
      rows.add(new Row(rows.size(), MemoryEntry.EPISODIC, EPISODE_NAME, text, null, closedAt, embed(text)));
    }
    for (PinnedFact fact : memory.facts()) {
      requireId(fact.name(), "a pinned fact's name");
      if (fact.value() == null || fact.value().isBlank()) continue;
      String text = fact.name() + ": " + fact.value().strip();
      Instant at = fact.at() == null ? closedAt : fact.at();
      rows.add(new Row(rows.size(), MemoryEntry.SEMANTIC, fact.name(), text, fact.sourceSeq(), at, embed(text)));
    }
    return rows;
  }

  /** Replaces what the session left in memory; returns how many rows it wrote. */
  private static int replace(Connection connection, SessionMemory memory, List<Row> rows) throws SQLException {
    try (PreparedStatement delete = connection.prepareStatement(
        "DELETE FROM user_memory WHERE tenant = ? AND user_id = ? AND session_id = ?")) {
      StatementParameters.bind(delete, memory.tenant(), memory.userId(), memory.sessionId());
      delete.executeUpdate();
    }
    try (PreparedStatement insert = connection.prepareStatement("INSERT INTO user_memory (tenant, user_id,"
        + " session_id, ordinal, kind, name, text, embedding, source_seq, occurred_at, session_closed_at)"
        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (Row row : rows) {
        StatementParameters.bind(insert, memory.tenant(), memory.userId(), memory.sessionId(), row.ordinal(),
            row.kind(), row.name(), row.text(), row.embedding());
        if (row.sourceSeq() == null) insert.setNull(9, Types.BIGINT); else insert.setLong(9, row.sourceSeq());
        insert.setObject(10, Transactions.timestamp(row.at()));
        insert.setObject(11, Transactions.timestamp(memory.closedAt()));
        insert.addBatch();
      }
      if (!rows.isEmpty()) insert.executeBatch();
    }
    return rows.size();
  }

  /** @throws PersistenceException when the database fails */
  @Override
  public List<MemoryHit> recall(String tenant, String userId, String query, int limit) {
    requireId(tenant, "tenant");
    requireId(userId, "userId");
    Objects.requireNonNull(query, "query");
    if (limit < 0) throw new IllegalArgumentException("limit must not be negative, got " + limit);
    if (limit == 0) return List.of();
    float[] queryVector = query.isBlank() ? null : embeddings.embed(query);
    List<StoredMemory> memories = Transactions.read(dataSource, "read the memories of a user of tenant " + tenant,
        connection -> stored(connection, tenant, userId));
    return policy.select(withModelDimensions(memories), queryVector, limit);
  }

  private static List<StoredMemory> stored(Connection connection, String tenant, String userId) throws SQLException {
    return Transactions.list(connection, "SELECT session_id, ordinal, kind, name, text,"
        + " embedding, occurred_at, session_closed_at FROM user_memory WHERE tenant = ? AND user_id = ?"
        + " ORDER BY session_closed_at DESC, session_id, ordinal LIMIT ?",
        rows -> new StoredMemory(entry(rows), Transactions.instant(rows, "session_closed_at"),
          rows.getInt("ordinal"), EmbeddingBytes.decode(rows.getBytes("embedding"))),
          tenant, userId, MAX_RECALLED_ROWS);
  }

  private static MemoryEntry entry(ResultSet rows) throws SQLException {
    return new MemoryEntry(rows.getString("kind"), rows.getString("name"), rows.getString("text"),
        rows.getString("session_id"), Transactions.instant(rows, "occurred_at"), rows.getInt("ordinal"));
  }

  private List<StoredMemory> withModelDimensions(List<StoredMemory> memories) {
    List<StoredMemory> result = new ArrayList<>(memories.size());
    for (StoredMemory memory : memories) {
      result.add(memory.embedding().length == embeddings.dimensions() ? memory
          : new StoredMemory(memory.entry(), memory.sessionClosedAt(), memory.ordinal(), embeddings.embed(memory.entry().text())));
    }
    return result;
  }

  /** @throws PersistenceException when the database fails */
  @Override
  public List<MemoryEntry> all(String tenant, String userId) {
    requireId(tenant, "tenant");
    requireId(userId, "userId");
    return Transactions.read(dataSource, "read the memories of a user of tenant " + tenant, connection -> {
      return Transactions.list(connection, "SELECT kind, name, text, session_id, occurred_at, ordinal"
          + " FROM user_memory WHERE tenant = ? AND user_id = ?"
          + " ORDER BY occurred_at DESC, session_closed_at DESC, session_id, ordinal",
          JdbcUserMemory::entry, tenant, userId);
    });
  }

  /** @throws PersistenceException when the database fails */
  @Override
  public int forget(String tenant, String userId) {
    requireId(tenant, "tenant");
    requireId(userId, "userId");
    return Transactions.write(dataSource, "forget a user of tenant " + tenant, connection -> {
      try (PreparedStatement delete = connection.prepareStatement("DELETE FROM user_memory WHERE tenant = ? AND user_id = ?")) {
        delete.setString(1, tenant);
        delete.setString(2, userId);
        return delete.executeUpdate();
      }
    });
  }

  /**
   * The corrected text gets its own embedding (computed before the transaction opens), so recall
   * ranks what the memory now says.
   *
   * @throws PersistenceException when the database fails
   */
  @Override
  public boolean correct(String tenant, String userId, MemoryId id, String text) {
    requireId(tenant, "tenant");
    requireId(userId, "userId");
    requireId(text, "text");
    String corrected = text.strip();
    byte[] embedding = embed(corrected);
    return Transactions.write(dataSource, "correct a memory of a user of tenant " + tenant, connection -> {
      try (PreparedStatement update = connection.prepareStatement("UPDATE user_memory SET text = ?, embedding = ?"
          + " WHERE tenant = ? AND user_id = ? AND session_id = ? AND ordinal = ?")) {
        StatementParameters.bind(update, corrected, embedding, tenant, userId, id.sessionId(), id.ordinal());
        return update.executeUpdate() == 1;
      }
    });
  }

  /** @throws PersistenceException when the database fails */
  @Override
  public boolean forget(String tenant, String userId, MemoryId id) {
    requireId(tenant, "tenant");
    requireId(userId, "userId");
    return Transactions.write(dataSource, "forget a memory of a user of tenant " + tenant, connection -> {
      try (PreparedStatement delete = connection.prepareStatement(
          "DELETE FROM user_memory WHERE tenant = ? AND user_id = ? AND session_id = ? AND ordinal = ?")) {
        StatementParameters.bind(delete, tenant, userId, id.sessionId(), id.ordinal());
        return delete.executeUpdate() == 1;
      }
    });
  }

  /** @throws PersistenceException when the database fails */
  @Override
  public int forgetSessions(String tenant, List<String> sessionIds) {
    requireId(tenant, "tenant");
    if (sessionIds.isEmpty()) return 0;
    return Transactions.write(dataSource, "forget sessions of tenant " + tenant, connection -> {
      try (PreparedStatement delete = connection.prepareStatement("DELETE FROM user_memory WHERE tenant = ? AND session_id IN ("
          + String.join(", ", java.util.Collections.nCopies(sessionIds.size(), "?")) + ")")) {
        delete.setString(1, tenant);
        for (int i = 0; i < sessionIds.size(); i++) delete.setString(i + 2, sessionIds.get(i));
        return delete.executeUpdate();
      }
    });
  }

  private byte[] embed(String text) {
    float[] vector = embeddings.embed(text);
    if (vector.length != embeddings.dimensions()) {
      throw new IllegalStateException("The embedding model returned " + vector.length + " dimensions, declared "
          + embeddings.dimensions());
    }
    return EmbeddingBytes.encode(vector);
  }

  private static void requireId(String value, String what) {
    Objects.requireNonNull(value, what);
    if (value.isBlank()) throw new IllegalArgumentException(what + " must not be blank");
  }

  private record Row(int ordinal, String kind, String name, String text, Long sourceSeq, Instant at, byte[] embedding) {}
}
