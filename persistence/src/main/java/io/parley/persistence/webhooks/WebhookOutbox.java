package io.parley.persistence.webhooks;

import io.parley.persistence.StatementParameters;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;

/**
 * Adds a conversation event to the outbox on a connection the caller's transaction owns: the
 * conversations projection's, so the delivery exists exactly when the event's rows and offset do.
 */
public final class WebhookOutbox {
  private WebhookOutbox() {}

  /** A new pending delivery, due at {@code at}; {@code id} is the one its body names and the receiver sees. */
  public static void add(Connection connection, String id, String tenant, String sessionId, long eventSeq, String event,
      String body, Instant at) throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement("INSERT INTO webhook_delivery (id, tenant, session_id, "
        + "event_seq, event, body, status, created_at, retry_from, next_attempt_at, attempts) "
        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)")) {
      StatementParameters.bind(insert, id, tenant, sessionId, eventSeq, event, body, DeliveryStatus.PENDING.wireName(),
          at.toEpochMilli(), at.toEpochMilli(), at.toEpochMilli());
      insert.executeUpdate();
    }
  }
}
