package io.parley.persistence.webhooks;

import io.parley.persistence.StatementParameters;
import io.parley.persistence.Transactions;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The webhook outbox as the delivery workers and a tenant's admins use it. A worker claims a due
 * row with one conditional update (the claim column), which exactly one of two racing nodes wins
 * on H2 and PostgreSQL alike; a claim lapses at {@code claimed_until}, so a row a crashed node held
 * is sent again (at least once). Only a conversation's earliest pending row is due: its next event
 * waits while it fails. Every query a tenant's admin reaches names the tenant.
 */
public final class JdbcWebhookDeliveries {
  private static final String COLUMNS =
      "d.id, d.tenant, d.session_id, d.event_seq, d.event, d.body, d.status, d.created_at, d.retry_from, d.attempts, d.last_error, d.finished_at";

  private final DataSource dataSource;

  public JdbcWebhookDeliveries(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Rows due at {@code now}, unclaimed, each the earliest pending one of its conversation, oldest first. */
  public List<WebhookDelivery> due(Instant now, int limit) {
    return Transactions.read(dataSource, "find due webhook deliveries", connection -> {
      return Transactions.list(connection, "SELECT " + COLUMNS + " FROM webhook_delivery d "
          + "WHERE d.status = 'pending' AND d.next_attempt_at <= ? AND (d.claimed_until IS NULL OR d.claimed_until < ?) "
          + "AND NOT EXISTS (SELECT 1 FROM webhook_delivery e WHERE e.tenant = d.tenant AND e.session_id = d.session_id "
          + "AND e.status = 'pending' AND e.event_seq < d.event_seq) ORDER BY d.created_at, d.event_seq LIMIT " + limit,
          JdbcWebhookDeliveries::delivery, now.toEpochMilli(), now.toEpochMilli());
    });
  }

  /** Whether this worker now holds the row until {@code until}; false when another claimed it first. */
  public boolean claim(String id, Instant now, Instant until) {
    return Transactions.write(dataSource, "claim a webhook delivery", connection -> {
      try (PreparedStatement update = connection.prepareStatement("UPDATE webhook_delivery SET claimed_until = ? "
          + "WHERE id = ? AND status = 'pending' AND (claimed_until IS NULL OR claimed_until < ?)")) {
        StatementParameters.bind(update, until.toEpochMilli(), id, now.toEpochMilli());
        return update.executeUpdate() == 1;
      }
    });
  }

  public void delivered(String id, Instant at) {
    finish(id, DeliveryStatus.DELIVERED, at, Optional.empty());
  }

  public void failed(String id, Instant at, String error) {
    finish(id, DeliveryStatus.FAILED, at, Optional.of(error));
  }

  /** Another attempt failed; the next is due at {@code next}. */
  public void retryAt(String id, Instant next, String error) {
    Transactions.write(dataSource, "reschedule a webhook delivery", connection -> {
      try (PreparedStatement update = connection.prepareStatement("UPDATE webhook_delivery SET attempts = attempts + 1, "
          + "next_attempt_at = ?, last_error = ?, claimed_until = NULL WHERE id = ? AND status = 'pending'")) {
        StatementParameters.bind(update, next.toEpochMilli(), clipped(error), id);
        return update.executeUpdate();
      }
    });
  }

  /** The tenant's deliveries in {@code status}, newest first. */
  public List<WebhookDelivery> list(String tenant, DeliveryStatus status, int limit) {
    return Transactions.read(dataSource, "list webhook deliveries", connection -> {
      return Transactions.list(connection, "SELECT " + COLUMNS + " FROM webhook_delivery d "
          + "WHERE d.tenant = ? AND d.status = ? ORDER BY d.created_at DESC, d.event_seq DESC LIMIT " + limit,
          JdbcWebhookDeliveries::delivery, tenant, status.wireName());
    });
  }

  /**
   * Sends the tenant's failed delivery again, due now with a new retry window; false when the
   * tenant has no failed delivery of that id.
   */
  public boolean redeliver(String tenant, String id, Instant now) {
    return Transactions.write(dataSource, "redeliver a webhook delivery", connection -> {
      try (PreparedStatement update = connection.prepareStatement("UPDATE webhook_delivery SET status = 'pending', "
          + "attempts = 0, retry_from = ?, next_attempt_at = ?, claimed_until = NULL, finished_at = NULL "
          + "WHERE tenant = ? AND id = ? AND status = 'failed'")) {
        StatementParameters.bind(update, now.toEpochMilli(), now.toEpochMilli(), tenant, id);
        return update.executeUpdate() == 1;
      }
    });
  }

  /**
   * Deletes the delivered rows finished before {@code deliveredBefore} and the failed ones finished
   * before {@code failedBefore}; returns how many went. A pending row, or a failed one redelivered
   * since (pending again), stays.
   */
  public int prune(Instant deliveredBefore, Instant failedBefore) {
    return Transactions.write(dataSource, "prune webhook deliveries", connection -> {
      try (PreparedStatement delete = connection.prepareStatement("DELETE FROM webhook_delivery WHERE "
          + "(status = 'delivered' AND finished_at < ?) OR (status = 'failed' AND finished_at < ?)")) {
        delete.setLong(1, deliveredBefore.toEpochMilli());
        delete.setLong(2, failedBefore.toEpochMilli());
        return delete.executeUpdate();
      }
    });
  }

  private void finish(String id, DeliveryStatus status, Instant at, Optional<String> error) {
    Transactions.write(dataSource, "finish a webhook delivery", connection -> {
      try (PreparedStatement update = connection.prepareStatement("UPDATE webhook_delivery SET status = ?, "
          + "attempts = attempts + 1, finished_at = ?, last_error = ?, claimed_until = NULL WHERE id = ? AND status = 'pending'")) {
        update.setString(1, status.wireName());
        update.setLong(2, at.toEpochMilli());
        update.setString(3, error.map(JdbcWebhookDeliveries::clipped).orElse(null));
        update.setString(4, id);
        return update.executeUpdate();
      }
    });
  }

  private static String clipped(String error) {
    return error.length() <= 500 ? error : error.substring(0, 500);
  }

  private static WebhookDelivery delivery(ResultSet rows) throws SQLException {
    long finished = rows.getLong("finished_at");
    Optional<Instant> finishedAt = rows.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(finished));
    return new WebhookDelivery(rows.getString("id"), rows.getString("tenant"), rows.getString("session_id"),
        rows.getLong("event_seq"), rows.getString("event"), rows.getString("body"),
        DeliveryStatus.of(rows.getString("status")), Instant.ofEpochMilli(rows.getLong("created_at")),
        Instant.ofEpochMilli(rows.getLong("retry_from")),
        rows.getInt("attempts"), Optional.ofNullable(rows.getString("last_error")), finishedAt);
  }
}
