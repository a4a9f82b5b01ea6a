package io.parley.persistence.calls;

import io.parley.persistence.Transactions;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Calls placed for tenants, and their tenants' outbound trunks, in {@code outbound_call} and
 * {@code outbound_trunk} (migration V40). A call's row moves from {@code dialling} on; once
 * answered or ended it does not move back, so a late report of the SIP side changes nothing.
 */
public final class JdbcOutboundCalls {
  private static final String CALL_COLUMNS = "id, tenant, node, state, outcome, sip_status, session_id, target, caller_id,"
      + " created_at, answered_at, ended_at";

  private final DataSource dataSource;

  public JdbcOutboundCalls(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  public void add(OutboundCallRow call) {
    Transactions.write(dataSource, "add an outbound call", connection -> {
      try (PreparedStatement insert = connection.prepareStatement("INSERT INTO outbound_call (" + CALL_COLUMNS
          + ") VALUES (?, ?, ?, ?, NULL, NULL, NULL, ?, ?, ?, NULL, NULL)")) {
        insert.setString(1, call.id());
        insert.setString(2, call.tenant());
        insert.setString(3, call.node());
        insert.setString(4, call.state());
        insert.setString(5, call.target());
        insert.setString(6, call.callerId());
        insert.setLong(7, call.createdAt().toEpochMilli());
        return insert.executeUpdate();
      }
    });
  }

  /** The far end rings; nothing for a call past dialling. */
  public void ringing(String id) {
    update("UPDATE outbound_call SET state = 'ringing' WHERE id = ? AND state = 'dialling'", id);
  }

  public void answered(String id, String sessionId, Instant at) {
    answeredBy(id, sessionId, "answered", at);
  }

  /** Answered by an answering machine, its session {@code sessionId} holding the message left, if any. */
  public void voicemail(String id, String sessionId, Instant at) {
    answeredBy(id, sessionId, "voicemail", at);
  }

  private void answeredBy(String id, String sessionId, String outcome, Instant at) {
    Transactions.write(dataSource, "mark an outbound call " + outcome, connection -> {
      try (PreparedStatement update = connection.prepareStatement("UPDATE outbound_call SET state = 'answered',"
          + " outcome = ?, session_id = ?, answered_at = ? WHERE id = ? AND state IN ('dialling', 'ringing')")) {
        update.setString(1, outcome);
        update.setString(2, sessionId);
        update.setLong(3, at.toEpochMilli());
        update.setString(4, id);
        return update.executeUpdate();
      }
    });
  }

  public void ended(String id, String outcome, Optional<Integer> sipStatus, Instant at) {
    Transactions.write(dataSource, "end an outbound call", connection -> {
      try (PreparedStatement update = connection.prepareStatement("UPDATE outbound_call SET state = 'ended', outcome = ?,"
          + " sip_status = ?, ended_at = ? WHERE id = ? AND state IN ('dialling', 'ringing')")) {
        update.setString(1, outcome);
        if (sipStatus.isPresent()) update.setInt(2, sipStatus.get()); else update.setNull(2, Types.INTEGER);
        update.setLong(3, at.toEpochMilli());
        update.setString(4, id);
        return update.executeUpdate();
      }
    });
  }

  public Optional<OutboundCallRow> find(String tenant, String id) {
    return Transactions.read(dataSource, "read an outbound call", connection -> Transactions.first(connection,
        "SELECT " + CALL_COLUMNS + " FROM outbound_call WHERE tenant = ? AND id = ?", JdbcOutboundCalls::call, tenant, id));
  }

  /** The tenant's calls whose answers became the sessions {@code sessionIds}, by session id. */
  public Map<String, OutboundCallRow> ofSessions(String tenant, Collection<String> sessionIds) {
    if (sessionIds.isEmpty()) return Map.of();
    return Transactions.read(dataSource, "read sessions' outbound calls", connection -> {
      String marks = String.join(", ", Collections.nCopies(sessionIds.size(), "?"));
      Map<String, OutboundCallRow> calls = new HashMap<>();
      try (PreparedStatement select = connection.prepareStatement("SELECT " + CALL_COLUMNS
          + " FROM outbound_call WHERE tenant = ? AND session_id IN (" + marks + ")")) {
        select.setString(1, tenant);
        int i = 2;
        for (String id : sessionIds) select.setString(i++, id);
        Transactions.list(select, JdbcOutboundCalls::call).forEach(call -> calls.put(call.sessionId().orElseThrow(), call));
      }
      return calls;
    });
  }

  public Optional<OutboundTrunkRow> trunk(String tenant) {
    return Transactions.read(dataSource, "read an outbound trunk", connection -> Transactions.first(connection,
        "SELECT tenant, host, port, username, password_sealed, caller_id, updated_at FROM outbound_trunk WHERE tenant = ?",
        rows -> new OutboundTrunkRow(rows.getString("tenant"), rows.getString("host"), rows.getInt("port"),
            Optional.ofNullable(rows.getString("username")), Optional.ofNullable(rows.getString("password_sealed")),
            rows.getString("caller_id"), Instant.ofEpochMilli(rows.getLong("updated_at"))), tenant));
  }

  public void saveTrunk(OutboundTrunkRow trunk) {
    Transactions.write(dataSource, "save an outbound trunk", connection -> {
      try (PreparedStatement delete = connection.prepareStatement("DELETE FROM outbound_trunk WHERE tenant = ?")) {
        delete.setString(1, trunk.tenant());
        delete.executeUpdate();
      }
      try (PreparedStatement insert = connection.prepareStatement("INSERT INTO outbound_trunk (tenant, host, port, username,"
          + " password_sealed, caller_id, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
        insert.setString(1, trunk.tenant());
        insert.setString(2, trunk.host());
        insert.setInt(3, trunk.port());
        insert.setString(4, trunk.username().orElse(null));
        insert.setString(5, trunk.passwordSealed().orElse(null));
        insert.setString(6, trunk.callerId());
        insert.setLong(7, trunk.updatedAt().toEpochMilli());
        return insert.executeUpdate();
      }
    });
  }

  public boolean deleteTrunk(String tenant) {
    return update("DELETE FROM outbound_trunk WHERE tenant = ?", tenant) > 0;
  }

  private int update(String sql, String parameter) {
    return Transactions.write(dataSource, "change an outbound call", connection -> {
      try (PreparedStatement update = connection.prepareStatement(sql)) {
        update.setString(1, parameter);
        return update.executeUpdate();
      }
    });
  }

  private static OutboundCallRow call(ResultSet row) throws SQLException {
    int status = row.getInt("sip_status");
    Optional<Integer> sipStatus = row.wasNull() ? Optional.empty() : Optional.of(status);
    return new OutboundCallRow(row.getString("id"), row.getString("tenant"), row.getString("node"), row.getString("state"),
        Optional.ofNullable(row.getString("outcome")), sipStatus, Optional.ofNullable(row.getString("session_id")),
        row.getString("target"), row.getString("caller_id"), Instant.ofEpochMilli(row.getLong("created_at")),
        millis(row, "answered_at"), millis(row, "ended_at"));
  }

  private static Optional<Instant> millis(ResultSet row, String column) throws SQLException {
    long millis = row.getLong(column);
    return row.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(millis));
  }
}
