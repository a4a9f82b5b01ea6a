package io.parley.persistence.evaluation;

import io.parley.persistence.StatementParameters;
import io.parley.persistence.Transactions;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The tenants' evaluation cases and runs (tables {@code evaluation_case} and {@code evaluation_run},
 * migration V20), shared by the cluster. Every read and write names the tenant: one tenant's
 * cases and runs are never another's. Thread-safe; blocks on JDBC.
 */
public final class JdbcEvaluations {
  private static final String RUN_COLUMNS =
      "tenant, run_id, draft, config_version, status, node, started_at, finished_at, document";
  private static final String INTERRUPT = "UPDATE evaluation_run SET status = '" + StoredRun.INTERRUPTED
      + "', finished_at = ? WHERE status = '" + StoredRun.RUNNING + "' AND ";
  private final DataSource dataSource;

  public JdbcEvaluations(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Stores a new case, unless the tenant holds {@code most} already: then false. */
  public boolean create(StoredCase stored, int most) {
    return Transactions.write(dataSource, "store evaluation case " + stored.caseId(), connection -> {
      try (PreparedStatement count = connection.prepareStatement("SELECT COUNT(*) FROM evaluation_case WHERE tenant = ?")) {
        count.setString(1, stored.tenant());
        try (ResultSet rows = count.executeQuery()) {
          rows.next();
          if (rows.getLong(1) >= most) return false;
        }
      }
      try (PreparedStatement insert = connection.prepareStatement(
          "INSERT INTO evaluation_case (tenant, case_id, name, document, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)")) {
        StatementParameters.bind(insert, stored.tenant(), stored.caseId(), stored.name(), stored.document(),
            stored.createdAt().toEpochMilli(), stored.updatedAt().toEpochMilli());
        insert.executeUpdate();
        return true;
      }
    });
  }

  /** Replaces a case's name and document; false when the tenant has no such case. */
  public boolean replace(String tenant, String caseId, String name, String document, Instant at) {
    return Transactions.write(dataSource, "replace evaluation case " + caseId, connection -> {
      try (PreparedStatement update = connection.prepareStatement(
          "UPDATE evaluation_case SET name = ?, document = ?, updated_at = ? WHERE tenant = ? AND case_id = ?")) {
        StatementParameters.bind(update, name, document, at.toEpochMilli(), tenant, caseId);
        return update.executeUpdate() == 1;
      }
    });
  }

  public boolean delete(String tenant, String caseId) {
    return Transactions.write(dataSource, "delete evaluation case " + caseId, connection -> {
      try (PreparedStatement delete = connection.prepareStatement(
          "DELETE FROM evaluation_case WHERE tenant = ? AND case_id = ?")) {
        delete.setString(1, tenant);
        delete.setString(2, caseId);
        return delete.executeUpdate() == 1;
      }
    });
  }

  public Optional<StoredCase> find(String tenant, String caseId) {
    return cases(tenant, " AND case_id = ?", caseId).stream().findFirst();
  }

  /** The tenant's cases, oldest first. */
  public List<StoredCase> cases(String tenant) {
    return cases(tenant, "", null);
  }

  private List<StoredCase> cases(String tenant, String condition, String caseId) {
    return Transactions.read(dataSource, "read evaluation cases", connection -> {
      try (PreparedStatement select = connection.prepareStatement(
          "SELECT case_id, name, document, created_at, updated_at FROM evaluation_case WHERE tenant = ?" + condition
              + " ORDER BY created_at, case_id")) {
        select.setString(1, tenant);
        if (caseId != null) select.setString(2, caseId);
        List<StoredCase> found = new ArrayList<>();
        try (ResultSet rows = select.executeQuery()) {
          while (rows.next()) {
            found.add(new StoredCase(tenant, rows.getString("case_id"), rows.getString("name"), rows.getString("document"),
                Instant.ofEpochMilli(rows.getLong("created_at")), Instant.ofEpochMilli(rows.getLong("updated_at"))));
          }
        }
        return found;
      }
    });
  }

  public void startRun(StoredRun run) {
    Transactions.write(dataSource, "store evaluation run " + run.runId(), connection -> {
      try (PreparedStatement insert = connection.prepareStatement(
          "INSERT INTO evaluation_run (" + RUN_COLUMNS + ", alive_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        insert.setString(1, run.tenant());
        insert.setString(2, run.runId());
        insert.setBoolean(3, run.draft());
        insert.setInt(4, run.configVersion());
        insert.setString(5, run.status());
        insert.setString(6, run.node());
        insert.setLong(7, run.startedAt().toEpochMilli());
        insert.setObject(8, run.finishedAt().map(Instant::toEpochMilli).orElse(null));
        insert.setString(9, run.document());
        insert.setLong(10, run.startedAt().toEpochMilli());
        return insert.executeUpdate();
      }
    });
  }

  /**
   * Writes a running run's document (its progress), or its last one with {@code status} and
   * {@code finishedAt}; a run no longer running (marked interrupted meanwhile) is left as it is.
   */
  public boolean updateRun(String tenant, String runId, String status, Optional<Instant> finishedAt, String document) {
    return Transactions.write(dataSource, "update evaluation run " + runId, connection -> {
      try (PreparedStatement update = connection.prepareStatement(
          "UPDATE evaluation_run SET status = ?, finished_at = ?, document = ? WHERE tenant = ? AND run_id = ? AND status = ?")) {
        update.setString(1, status);
        update.setObject(2, finishedAt.map(Instant::toEpochMilli).orElse(null));
        update.setString(3, document);
        update.setString(4, tenant);
        update.setString(5, runId);
        update.setString(6, StoredRun.RUNNING);
        return update.executeUpdate() == 1;
      }
    });
  }

  public Optional<StoredRun> run(String tenant, String runId) {
    return runs("tenant = ? AND run_id = ?", select -> {
      select.setString(1, tenant);
      select.setString(2, runId);
    }, 1).stream().findFirst();
  }

  /** The tenant's latest run, running or finished, on the draft numbered {@code version} or on that published version. */
  public Optional<StoredRun> latestRun(String tenant, boolean draft, int version, boolean finishedOnly) {
    return runs("tenant = ? AND draft = ? AND config_version = ?" + (finishedOnly ? " AND status = 'finished'" : ""),
        select -> {
          StatementParameters.bind(select, tenant, draft, version);
        }, 1).stream().findFirst();
  }

  /** The tenant's latest runs, newest first. */
  public List<StoredRun> runs(String tenant, int most) {
    return runs("tenant = ?", select -> select.setString(1, tenant), most);
  }

  /**
   * Marks the runs {@code node} left running as interrupted: a node that starts runs none yet, so
   * those it had were cut short by its stop. Returns how many.
   */
  public int interruptRunsOf(String node, Instant at) {
    return interrupt("node = ?", node, at);
  }

  /** Marks the running runs not heard of since {@code silentSince} as interrupted: their node is gone. Returns how many. */
  public int interruptSilentRuns(Instant silentSince, Instant at) {
    return interrupt("alive_at < ?", silentSince.toEpochMilli(), at);
  }

  /** {@code node} is alive and still running its runs. */
  public void heartbeat(String node, Instant at) {
    Transactions.write(dataSource, "evaluation runs' heartbeat", connection -> {
      try (PreparedStatement update = connection.prepareStatement(
          "UPDATE evaluation_run SET alive_at = ? WHERE node = ? AND status = ?")) {
        StatementParameters.bind(update, at.toEpochMilli(), node, StoredRun.RUNNING);
        return update.executeUpdate();
      }
    });
  }

  private int interrupt(String condition, Object value, Instant at) {
    return Transactions.write(dataSource, "mark interrupted evaluation runs", connection -> {
      try (PreparedStatement update = connection.prepareStatement(INTERRUPT + condition)) {
        update.setLong(1, at.toEpochMilli());
        update.setObject(2, value);
        return update.executeUpdate();
      }
    });
  }

  private interface Parameters {
    void set(PreparedStatement select) throws SQLException;
  }

  private List<StoredRun> runs(String condition, Parameters parameters, int most) {
    return Transactions.read(dataSource, "read evaluation runs", connection -> {
      try (PreparedStatement select = connection.prepareStatement("SELECT " + RUN_COLUMNS + " FROM evaluation_run WHERE "
          + condition + " ORDER BY started_at DESC, run_id DESC")) {
        parameters.set(select);
        select.setMaxRows(most);
        List<StoredRun> found = new ArrayList<>();
        try (ResultSet rows = select.executeQuery()) {
          while (rows.next()) {
            long finishedMillis = rows.getLong("finished_at");
            Optional<Instant> finished = rows.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(finishedMillis));
            found.add(new StoredRun(rows.getString("tenant"), rows.getString("run_id"), rows.getBoolean("draft"),
                rows.getInt("config_version"), rows.getString("status"), rows.getString("node"),
                Instant.ofEpochMilli(rows.getLong("started_at")), finished, rows.getString("document")));
          }
        }
        return found;
      }
    });
  }
}
