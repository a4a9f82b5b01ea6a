package io.parley.persistence.conversations;

import io.parley.core.procedure.ProcedureRun;
import io.parley.persistence.StatementParameters;
import io.parley.persistence.Transactions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The conversations' procedure runs (docs/analytics.md#procedures): the projection writes each
 * {@link Change} in its transaction, and the analytics read each procedure's figures. Every change
 * is idempotent and a run that is over changes no more, so the projection folding the same events
 * again, in order, leaves the rows as they were. A run is only written for a conversation that has
 * a row: one erased in the same batch, before its effects are written, gets none.
 */
public final class ProcedureRuns {
  /** What one session event changes of its conversation's runs. */
  public sealed interface Change {}

  /** Run {@code runId} of {@code procedure} started, at its first step. */
  public record Started(String runId, String procedure, Instant at) implements Change {}

  /** The running run's last event was of step {@code step}; {@code waiting}: it asked the customer. */
  public record AtStep(String runId, String step, boolean waiting) implements Change {}

  /** The run is over, at {@code step}, as {@code outcome}. */
  public record Ended(String runId, String step, ProcedureRun.Status outcome, Instant at) implements Change {}

  /**
   * The conversation closed. Sessions write each run's end before their close, so this only finds
   * the runs of journals from before a last step wrote its end: one still running is abandoned
   * where it is if it was waiting for the customer, else completed (its last step done, with no end
   * of its own).
   */
  public record Left(Instant at) implements Change {}

  private final DataSource dataSource;

  public ProcedureRuns(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Writes {@code change} of session {@code sessionId}'s runs, in the projection's transaction. */
  public static void write(Connection connection, String tenant, String sessionId, Change change) throws SQLException {
    switch (change) {
      case Started started -> update(connection, "INSERT INTO procedure_run (tenant, session_id, run_id, procedure_name, "
          + "started_at, step, outcome) SELECT c.tenant, c.session_id, ?, ?, ?, ?, ? FROM conversation c "
          + "WHERE c.tenant = ? AND c.session_id = ? AND NOT EXISTS (SELECT 1 FROM procedure_run "
          + "WHERE tenant = ? AND session_id = ? AND run_id = ?)", started.runId(), started.procedure(),
          started.at().toEpochMilli(), new ProcedureRun.Position(started.procedure(), List.of(0)).label(),
          wireName(ProcedureRun.Status.RUNNING), tenant, sessionId, tenant, sessionId, started.runId());
      case AtStep at -> update(connection, "UPDATE procedure_run SET step = ?, waiting = ? WHERE tenant = ? "
          + "AND session_id = ? AND run_id = ? AND outcome = ?", at.step(), at.waiting(), tenant, sessionId, at.runId(),
          wireName(ProcedureRun.Status.RUNNING));
      case Ended ended -> update(connection, "UPDATE procedure_run SET step = ?, outcome = ?, ended_at = ? "
          + "WHERE tenant = ? AND session_id = ? AND run_id = ? AND outcome = ?", ended.step(), wireName(ended.outcome()),
          ended.at().toEpochMilli(), tenant, sessionId, ended.runId(), wireName(ProcedureRun.Status.RUNNING));
      case Left left -> update(connection, "UPDATE procedure_run SET outcome = CASE WHEN waiting THEN ? ELSE ? END, "
          + "ended_at = ? WHERE tenant = ? AND session_id = ? AND outcome = ?", wireName(ProcedureRun.Status.ABANDONED),
          wireName(ProcedureRun.Status.COMPLETED), left.at().toEpochMilli(), tenant, sessionId,
          wireName(ProcedureRun.Status.RUNNING));
    }
  }

  /**
   * Each procedure's figures over the runs of the conversations the analytics count that started in
   * {@code [from, to)} (of {@code channel} only, if given), by name.
   */
  public List<ProcedureFigures> figures(String tenant, Instant from, Instant to, Optional<String> channel) {
    return Transactions.read(dataSource, "read the procedures' figures", connection -> {
      try (PreparedStatement select = connection.prepareStatement("SELECT r.procedure_name, r.outcome, r.step, COUNT(*) "
          + "FROM procedure_run r JOIN conversation c ON c.tenant = r.tenant AND c.session_id = r.session_id "
          + "WHERE c.tenant = ? AND c.started_at >= ? AND c.started_at < ? AND c.user_messages > 0 AND c.test = FALSE"
          + (channel.isPresent() ? " AND c.channel = ?" : "") + " GROUP BY r.procedure_name, r.outcome, r.step")) {
        StatementParameters.bind(select, tenant, from.toEpochMilli(), to.toEpochMilli());
        if (channel.isPresent()) select.setString(4, channel.get());
        ProcedureFigures.Tally tally = new ProcedureFigures.Tally();
        try (ResultSet rows = select.executeQuery()) {
          while (rows.next()) {
            tally.add(rows.getString(1), status(rows.getString(2)), rows.getString(3), rows.getInt(4));
          }
        }
        return tally.figures();
      }
    });
  }

  private static void update(Connection connection, String sql, Object... values) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      StatementParameters.bind(statement, values).executeUpdate();
    }
  }

  private static String wireName(ProcedureRun.Status status) {
    return status.name().toLowerCase(Locale.ROOT);
  }

  private static ProcedureRun.Status status(String wireName) {
    return ProcedureRun.Status.valueOf(wireName.toUpperCase(Locale.ROOT));
  }
}
