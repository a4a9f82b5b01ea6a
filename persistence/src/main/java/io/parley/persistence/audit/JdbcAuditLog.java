package io.parley.persistence.audit;

import io.parley.core.audit.AuditEntry;
import io.parley.core.audit.AuditLog;
import io.parley.core.audit.AuditPage;
import io.parley.core.audit.AuditQuery;
import io.parley.core.audit.AuditRecord;
import io.parley.core.audit.AuditResult;
import io.parley.persistence.PersistenceException;
import io.parley.persistence.RolesColumn;
import io.parley.persistence.Transactions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit logs in the node's database (table {@code audit_log}, migrations V6 and V25), shared by every
 * node. An appended entry goes into a bounded queue and returns at once; one writer thread takes
 * what has queued and inserts it in one batch, so requests and actors never wait for the database.
 * Nothing is lost without a trace: an entry the full queue or a failed write cannot keep is counted
 * ({@link AuditWrites}) and logged, once per run of losses. {@link #close()} writes what is queued.
 */
public final class JdbcAuditLog implements AuditLog, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(JdbcAuditLog.class);
  public static final int DEFAULT_QUEUE_CAPACITY = 10_000;
  private static final int BATCH = 500;
  private static final int WRITE_ATTEMPTS = 3;
  private static final Duration RETRY_PAUSE = Duration.ofMillis(500);
  private static final Duration POLL = Duration.ofMillis(200);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);
  private static final String COLUMNS = "id, tenant, at, actor, roles, action, resource, result, request_id, reason, target";

  private final DataSource dataSource;
  private final AuditWrites writes;
  private final BlockingQueue<AuditEntry> queue;
  private final int capacity;
  private final Thread writer;
  // Per cause, whether a loss was logged since entries were last written: one warning per run of losses.
  private final Map<AuditWrites.Loss, Boolean> warned = new EnumMap<>(AuditWrites.Loss.class);
  private volatile boolean closed;

  public JdbcAuditLog(DataSource dataSource, AuditWrites writes, int queueCapacity) {
    this.dataSource = dataSource;
    this.writes = writes;
    this.queue = new ArrayBlockingQueue<>(queueCapacity);
    this.capacity = queueCapacity;
    this.writer = new Thread(this::writeUntilClosed, "parley-audit-writer");
    writer.setDaemon(true);
    writer.start();
  }

  @Override
  public void append(AuditEntry entry) {
    if (closed) {
      lost(1, AuditWrites.Loss.CLOSED, null);
    } else if (!queue.offer(entry)) {
      lost(1, AuditWrites.Loss.QUEUE_FULL, null);
    }
  }

  @Override
  public AuditPage page(AuditQuery query) {
    String sql = "SELECT " + COLUMNS + " FROM audit_log WHERE tenant = ?"
        + (query.beforeId().isPresent() ? " AND id < ?" : "")
        + (query.action().isPresent() ? " AND action = ?" : "")
        + " ORDER BY id DESC LIMIT ?";
    List<AuditRecord> fetched = Transactions.read(dataSource, "read the audit log of tenant " + query.tenant(), connection -> {
      try (PreparedStatement select = connection.prepareStatement(sql)) {
        int i = 1;
        select.setString(i++, query.tenant());
        if (query.beforeId().isPresent()) select.setLong(i++, query.beforeId().get());
        if (query.action().isPresent()) select.setString(i++, query.action().get());
        // One row more than the page: whether it exists says whether there is a next page.
        select.setInt(i, query.limit() + 1);
        return Transactions.list(select, JdbcAuditLog::record);
      }
    });
    return AuditPage.of(fetched, query.limit());
  }

  /** Stops taking entries, writes those queued (for at most ten seconds) and stops the writer. Idempotent. */
  @Override
  public void close() {
    // No interrupt: H2 closes a file channel whose thread is interrupted, the whole database with it.
    closed = true;
    try {
      writer.join(CLOSE_TIMEOUT.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    int left = queue.size();
    if (left > 0) lost(left, AuditWrites.Loss.CLOSED, null);
  }

  private void writeUntilClosed() {
    List<AuditEntry> batch = new ArrayList<>(BATCH);
    while (!closed || !queue.isEmpty()) {
      try {
        AuditEntry first = queue.poll(POLL.toMillis(), TimeUnit.MILLISECONDS);
        if (first == null) continue;
        batch.add(first);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      queue.drainTo(batch, BATCH - 1);
      write(batch);
      batch.clear();
    }
  }

  private void write(List<AuditEntry> batch) {
    for (int attempt = 1; ; attempt++) {
      try {
        Transactions.write(dataSource, "append " + batch.size() + " audit entries", connection -> insert(connection, batch));
        writes.written(batch.size());
        synchronized (warned) {
          warned.remove(AuditWrites.Loss.DATABASE);
          if (queue.remainingCapacity() > capacity / 2) warned.remove(AuditWrites.Loss.QUEUE_FULL);
        }
        return;
      } catch (PersistenceException e) {
        if (attempt >= WRITE_ATTEMPTS || closed || Thread.currentThread().isInterrupted()) {
          lost(batch.size(), AuditWrites.Loss.DATABASE, e);
          return;
        }
        pause();
      }
    }
  }

  private static Void insert(Connection connection, List<AuditEntry> batch) throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement("INSERT INTO audit_log"
        + " (tenant, at, actor, roles, action, resource, result, request_id, reason, target)"
        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (AuditEntry entry : batch) {
        insert.setString(1, entry.tenant());
        insert.setObject(2, Transactions.timestamp(entry.at()));
        insert.setString(3, entry.actor());
        insert.setString(4, RolesColumn.write(entry.roles()));
        insert.setString(5, entry.action());
        insert.setString(6, entry.resource());
        insert.setString(7, entry.result().wireName());
        insert.setString(8, entry.requestId());
        insert.setString(9, entry.reason().orElse(null));
        insert.setString(10, entry.target().orElse(null));
        insert.addBatch();
      }
      insert.executeBatch();
    }
    return null;
  }

  private static AuditRecord record(ResultSet row) throws SQLException {
    String resultName = row.getString("result");
    AuditResult result = AuditResult.fromWireName(resultName)
        .orElseThrow(() -> new IllegalStateException("unknown result in audit_log: " + resultName));
    return new AuditRecord(row.getLong("id"), new AuditEntry(row.getString("tenant"), Transactions.instant(row, "at"),
        row.getString("actor"), RolesColumn.read(row.getString("roles"), "audit_log"), row.getString("action"),
        row.getString("resource"), result, row.getString("request_id"), Optional.ofNullable(row.getString("reason")),
        Optional.ofNullable(row.getString("target"))));
  }

  private void lost(int entries, AuditWrites.Loss why, Exception cause) {
    writes.lost(entries, why);
    boolean first;
    synchronized (warned) {
      first = warned.put(why, Boolean.TRUE) == null;
    }
    if (first) {
      LOG.warn("audit entries lost ({}): {} now, more are counted in parley_audit_write_failures_total until a write succeeds",
          why, entries, cause);
    }
  }

  private static void pause() {
    try {
      Thread.sleep(RETRY_PAUSE.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
