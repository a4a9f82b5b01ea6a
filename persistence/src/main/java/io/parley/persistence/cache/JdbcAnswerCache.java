package io.parley.persistence.cache;

import io.parley.core.cache.AnswerCache;
import io.parley.core.cache.CacheLimits;
import io.parley.core.cache.CacheScope;
import io.parley.core.cache.Lookup;
import io.parley.core.cache.QuestionKey;
import io.parley.core.memory.EmbeddingModel;
import io.parley.persistence.EmbeddingBytes;
import io.parley.persistence.Sha256;
import io.parley.persistence.StatementParameters;
import io.parley.persistence.Transactions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * The answer cache in the node's database (table {@code answer_cache}, migration V5), shared by
 * every node of the cluster. An exact hit is one primary-key-sized lookup on the normalised
 * question's hash; otherwise the question is embedded (MiniLM, in process) and compared with the
 * tenant's answers under the same scope. Each node keeps those embeddings in memory and reads
 * only the rows added since it last looked, so a paraphrase stored through any node is found on
 * the next lookup; the answer itself is always read from the table, so a cleared, evicted or
 * expired answer is never served.
 *
 * <p>Thread-safe. Blocks on JDBC and on the embedding model: call it off actor threads.
 */
public final class JdbcAnswerCache implements AnswerCache {
  // Identity values are handed out before commit, so a row can appear below ids already read;
  // each refresh lists the last ones again (ids only, from the index) to catch such late commits.
  private static final int LATE_COMMIT_MARGIN = 100;

  private final DataSource dataSource;
  private final EmbeddingModel embeddings;
  private final AnswerCacheSettings settings;
  private final Clock clock;
  private final Map<String, TenantEntries> entries = new ConcurrentHashMap<>();

  public JdbcAnswerCache(DataSource dataSource, EmbeddingModel embeddings, AnswerCacheSettings settings, Clock clock) {
    this.dataSource = dataSource;
    this.embeddings = embeddings;
    this.settings = settings;
    this.clock = clock;
  }

  @Override
  public Lookup find(CacheScope scope, String question) {
    String tenant = scope.tenant();
    String questionKey = QuestionKey.of(question);
    if (questionKey.isEmpty()) return new Lookup.Off();
    Instant now = clock.instant();
    record Exact(String scopeKey, Optional<Lookup.Hit> hit) {}
    Exact exact = Transactions.read(dataSource, "look up a cached answer of tenant " + tenant, connection -> {
      String scopeKey = scope.fingerprint() + ":kb" + knowledgeBaseRevision(connection, tenant);
      try (PreparedStatement select = connection.prepareStatement("SELECT answer, tokens_spent FROM answer_cache"
          + " WHERE tenant = ? AND scope = ? AND question_hash = ? AND expires_at > ?")) {
        StatementParameters.bind(select, tenant, scopeKey, Sha256.hex(questionKey), Transactions.timestamp(now));
        try (ResultSet rows = select.executeQuery()) {
          return new Exact(scopeKey, rows.next()
              ? Optional.of(new Lookup.Hit(rows.getString(1), true, 1.0, rows.getInt(2)))
              : Optional.empty());
        }
      }
    });
    if (exact.hit().isPresent()) return exact.hit().get();
    float[] embedding = embeddings.embed(questionKey);
    return similar(tenant, exact.scopeKey(), embedding, now)
        .<Lookup>map(hit -> hit)
        .orElseGet(() -> new Lookup.Miss(tenant, exact.scopeKey(), questionKey, embedding));
  }

  /** The closest answer under {@code scopeKey} if it is close enough and still in the table. */
  private Optional<Lookup.Hit> similar(String tenant, String scopeKey, float[] embedding, Instant now) {
    TenantEntries known = entries.computeIfAbsent(tenant, t -> new TenantEntries());
    Optional<TenantEntries.Closest> closest;
    synchronized (known) {
      Transactions.read(dataSource, "read new cached answers of tenant " + tenant, connection -> {
        known.refresh(connection, tenant, settings.maxEntriesPerTenant());
        return null;
      });
      closest = known.closest(scopeKey, embedding, now);
    }
    if (closest.isEmpty() || closest.get().similarity() < settings.minSimilarity()) return Optional.empty();
    long id = closest.get().id();
    Optional<Lookup.Hit> hit = Transactions.read(dataSource, "read a cached answer of tenant " + tenant, connection -> {
      try (PreparedStatement select = connection.prepareStatement(
          "SELECT answer, tokens_spent FROM answer_cache WHERE id = ? AND tenant = ? AND expires_at > ?")) {
        StatementParameters.bind(select, id, tenant, Transactions.timestamp(now));
        try (ResultSet rows = select.executeQuery()) {
          return rows.next()
              ? Optional.of(new Lookup.Hit(rows.getString(1), false, closest.get().similarity(), rows.getInt(2)))
              : Optional.empty();
        }
      }
    });
    if (hit.isEmpty()) {
      synchronized (known) {
        known.forget(id);
      }
    }
    return hit;
  }

  @Override
  public void store(Lookup.Miss miss, String answer, int tokensSpent, CacheLimits limits) {
    String tenant = miss.tenant();
    Instant now = clock.instant();
    Duration ttl = limits.ttlWithin(settings.ttl());
    Transactions.write(dataSource, "store a cached answer of tenant " + tenant, connection -> {
      try (PreparedStatement insert = connection.prepareStatement("INSERT INTO answer_cache"
          + " (tenant, scope, question_hash, question, embedding, answer, tokens_spent, created_at, expires_at)"
          + " SELECT ?, ?, ?, ?, ?, ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM answer_cache"
          + " WHERE tenant = ? AND scope = ? AND question_hash = ? AND expires_at > ?)")) {
        String hash = Sha256.hex(miss.questionKey());
        StatementParameters.bind(insert, tenant, miss.scopeKey(), hash, miss.questionKey(),
            EmbeddingBytes.encode(miss.embedding()), answer, tokensSpent, Transactions.timestamp(now),
            Transactions.timestamp(now.plus(ttl)), tenant, miss.scopeKey(), hash, Transactions.timestamp(now));
        // An expired row of the same question is in the way of the unique key: it goes first.
        deleteExpired(connection, tenant, now);
        insert.executeUpdate();
      }
      evictBeyondCap(connection, tenant, limits.maxEntriesWithin(settings.maxEntriesPerTenant()));
      return null;
    });
  }

  private static void deleteExpired(Connection connection, String tenant, Instant now) throws SQLException {
    try (PreparedStatement delete = connection.prepareStatement(
        "DELETE FROM answer_cache WHERE tenant = ? AND expires_at <= ?")) {
      delete.setString(1, tenant);
      delete.setObject(2, Transactions.timestamp(now));
      delete.executeUpdate();
    }
  }

  private static void evictBeyondCap(Connection connection, String tenant, int cap) throws SQLException {
    try (PreparedStatement newestBeyond = connection.prepareStatement("SELECT id FROM answer_cache WHERE tenant = ?"
        + " ORDER BY id DESC OFFSET ? ROWS FETCH NEXT 1 ROWS ONLY")) {
      newestBeyond.setString(1, tenant);
      newestBeyond.setInt(2, cap);
      try (ResultSet rows = newestBeyond.executeQuery()) {
        if (!rows.next()) return;
        try (PreparedStatement delete = connection.prepareStatement(
            "DELETE FROM answer_cache WHERE tenant = ? AND id <= ?")) {
          delete.setString(1, tenant);
          delete.setLong(2, rows.getLong(1));
          delete.executeUpdate();
        }
      }
    }
  }

  @Override
  public int clear(String tenant) {
    int cleared = Transactions.write(dataSource, "clear the answer cache of tenant " + tenant, connection -> {
      try (PreparedStatement delete = connection.prepareStatement("DELETE FROM answer_cache WHERE tenant = ?")) {
        delete.setString(1, tenant);
        return delete.executeUpdate();
      }
    });
    entries.remove(tenant);
    return cleared;
  }

  @Override
  public int size(String tenant) {
    return Transactions.read(dataSource, "count the cached answers of tenant " + tenant, connection -> {
      try (PreparedStatement count = connection.prepareStatement(
          "SELECT COUNT(*) FROM answer_cache WHERE tenant = ? AND expires_at > ?")) {
        count.setString(1, tenant);
        count.setObject(2, Transactions.timestamp(clock.instant()));
        try (ResultSet rows = count.executeQuery()) {
          rows.next();
          return rows.getInt(1);
        }
      }
    });
  }

  /** The tenant's knowledge-base revision (0 before its first document): any change to it invalidates. */
  private static long knowledgeBaseRevision(Connection connection, String tenant) throws SQLException {
    return Transactions.first(connection, "SELECT revision FROM kb_revision WHERE tenant = ?", rows -> rows.getLong(1),
        tenant).orElse(0L);
  }

  /** What this node knows of a tenant's cached questions, by id: their scopes, embeddings and expiry. */
  private static final class TenantEntries {
    record Entry(String scopeKey, float[] embedding, Instant expiresAt) {}

    record Closest(long id, double similarity) {}

    private final TreeMap<Long, Entry> known = new TreeMap<>();

    /** Reads the rows this node has not seen; keeps the newest {@code cap}, as the table does. */
    void refresh(Connection connection, String tenant, int cap) throws SQLException {
      List<Long> unseen = new ArrayList<>();
      try (PreparedStatement ids = connection.prepareStatement(
          "SELECT id FROM answer_cache WHERE tenant = ? AND id > ? ORDER BY id")) {
        ids.setString(1, tenant);
        ids.setLong(2, known.isEmpty() ? 0 : known.lastKey() - LATE_COMMIT_MARGIN);
        try (ResultSet rows = ids.executeQuery()) {
          while (rows.next()) {
            if (!known.containsKey(rows.getLong(1))) unseen.add(rows.getLong(1));
          }
        }
      }
      if (unseen.isEmpty()) return;
      try (PreparedStatement select = connection.prepareStatement(
          "SELECT id, scope, embedding, expires_at FROM answer_cache WHERE tenant = ? AND id >= ? ORDER BY id")) {
        select.setString(1, tenant);
        select.setLong(2, unseen.get(0));
        try (ResultSet rows = select.executeQuery()) {
          while (rows.next()) {
            long id = rows.getLong("id");
            if (known.containsKey(id)) continue;
            known.put(id, new Entry(rows.getString("scope"), EmbeddingBytes.decode(rows.getBytes("embedding")),
                Transactions.instant(rows, "expires_at")));
          }
        }
      }
      while (known.size() > cap) known.pollFirstEntry();
    }

    Optional<Closest> closest(String scopeKey, float[] embedding, Instant now) {
      Closest best = null;
      for (Map.Entry<Long, Entry> row : known.entrySet()) {
        Entry entry = row.getValue();
        if (!entry.scopeKey().equals(scopeKey) || !entry.expiresAt().isAfter(now)) continue;
        double similarity = EmbeddingModel.cosine(embedding, entry.embedding());
        if (best == null || similarity > best.similarity()) best = new Closest(row.getKey(), similarity);
      }
      return Optional.ofNullable(best);
    }

    void forget(long id) {
      known.remove(id);
    }
  }
}
