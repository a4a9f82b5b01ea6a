package io.parley.http;

import static io.parley.core.testing.Awaiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A poison pill stays a pill (docs/operations.md#failed-safe-sessions): on a real node, a session
 * whose journal holds a row this release cannot read (the event class a newer release wrote) fails
 * its recovery; the node keeps serving another tenant, and once the failures reach the bound the
 * session answers a clear error without replaying. A restart on the same database serves at once
 * and still refuses the session without replaying it; the tenant's admin sees it in the
 * conversations and the metrics, and once the row is fixed, retries it: it answers again.
 */
class FailedSafeSessionEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int BOUND = 3;
  private static final Pattern FAILED_SAFE_GAUGE = Pattern.compile("parley_sessions_failed_safe\\{tenant=\"acme\"} (\\S+)");

  @RegisterExtension static final RunningNode node = RunningNode.offline();

  @Test
  void aSessionWhoseRecoveryKeepsFailingIsFailedSafeSeenByStaffAndRetried() throws Exception {
    node.startOwn(Map.of("parley.session.failed-safe-after", BOUND));
    String poisoned;
    try (ChatClient customer = ChatClient.connect(node.httpPort(), "acme")) {
      poisoned = customer.startNew();
      assertEquals("ack", customer.say("c-1", "Where is my order?").get("type").asText());
    }
    await("the conversation projected").atMost(Duration.ofSeconds(30)).until(() -> conversation(poisoned).isPresent());
    String manifest = breakLastEvent(poisoned, "io.parley.sessions.entity.SessionEvent$WrittenByANewerRelease");

    node.restartOwn();
    assertServes("globex");
    JsonNode refused = retried(Duration.ofSeconds(120), () -> refusal(poisoned));
    assertEquals("conflict", refused.get("code").asText());
    String told = refused.get("message").asText();
    assertTrue(told.contains("paused after an error"), told);
    assertFalse(told.contains("Exception") || told.contains("io.parley"), "no internals reach the customer: " + told);
    assertServes("globex");
    // A command that comes while the last failure is being written may replay once more.
    int counted = failures(poisoned);
    assertTrue(counted >= BOUND && counted <= BOUND + 1, "counted up to the bound: " + counted);

    JsonNode listed = conversation(poisoned).orElseThrow().get("failedSafe");
    assertEquals("recovery", listed.get("kind").asText());
    assertEquals(counted, listed.get("failures").asInt());
    assertFalse(listed.get("reason").asText().isEmpty());
    await("the failed-safe gauge").atMost(Duration.ofSeconds(10)).until(() -> failedSafeGauge() == 1.0);
    String range = "from=" + Instant.now().minus(Duration.ofDays(1)) + "&to=" + Instant.now().plus(Duration.ofDays(1));
    HttpResponse<String> export = TestIdentity.asAdmin(node.httpPort(), "GET",
        "/v1/conversations/export?tenant=acme&include=transcript&" + range, null);
    assertEquals(200, export.statusCode(), export.body());
    assertTrue(export.body().contains(poisoned), "exported, without what it holds: " + export.body());

    node.restartOwn();
    assertEquals("conflict", refusal(poisoned).get("code").asText(), "refused at once after a restart");
    assertServes("globex");
    assertEquals(counted, failures(poisoned), "a failed-safe session replays nothing, so it fails no more");
    assertFalse(metrics().contains("parley_session_failures_total{kind=\"recovery\",tenant=\"acme\"}"),
        "the restarted node counted no failure of it");

    HttpResponse<String> stranger = TestIdentity.asAdmin(node.httpPort(), "POST",
        "/v1/conversations/" + poisoned + "/retry?tenant=globex", null);
    assertEquals(404, stranger.statusCode(), "another tenant's admin finds no such conversation");
    assertEquals(counted, failures(poisoned));

    restoreLastEvent(poisoned, manifest);
    HttpResponse<String> retried = TestIdentity.asAdmin(node.httpPort(), "POST",
        "/v1/conversations/" + poisoned + "/retry?tenant=acme", null);
    assertEquals(200, retried.statusCode(), retried.body());
    assertEquals(0, failures(poisoned));
    assertTrue(audited("acme", "conversation.retry"), "the retry is in the tenant's audit log");
    retried(Duration.ofSeconds(30), () -> {
      try (ChatClient customer = ChatClient.connect(node.httpPort(), "acme")) {
        assertEquals(2, customer.resume(poisoned, 0).get("lastSeq").asLong(), "its history replays as before");
        return customer.say("c-2", "Any news?");
      }
    });
    assertTrue(conversation(poisoned).orElseThrow().path("failedSafe").isMissingNode()
        || conversation(poisoned).orElseThrow().get("failedSafe").isNull());
    assertEquals(0.0, failedSafeGauge());
  }

  /** What {@code attempt} gives once it neither fails nor throws, trying again every second until {@code limit}. */
  private static <T> T retried(Duration limit, Callable<T> attempt) throws Exception {
    long deadline = System.nanoTime() + limit.toNanos();
    while (true) {
      try {
        return attempt.call();
      } catch (AssertionError | Exception e) {
        if (System.nanoTime() > deadline) throw e;
        Thread.sleep(1000);
      }
    }
  }

  /** The error the session answers a customer resuming it, or a failure of the check while it has none to give. */
  private static JsonNode refusal(String sessionId) {
    try (ChatClient customer = ChatClient.connect(node.httpPort(), "acme")) {
      customer.send(ChatClient.frame("start").put("sessionId", sessionId).put("resumeAfter", 0));
      JsonNode answer = customer.next(f -> f.get("type").asText().equals("session") || f.get("type").asText().equals("error"));
      assertEquals("error", answer.get("type").asText(), answer.toString());
      assertEquals("conflict", answer.get("code").asText(), answer.toString());
      return answer;
    }
  }

  /** A session of {@code tenant} starts and acknowledges a message. */
  private static void assertServes(String tenant) {
    try (ChatClient customer = ChatClient.connect(node.httpPort(), tenant)) {
      customer.startNew();
      assertEquals("ack", customer.say("c-1", "Hello").get("type").asText());
    }
  }

  private static Optional<JsonNode> conversation(String sessionId) throws Exception {
    HttpResponse<String> page = TestIdentity.asAdmin(node.httpPort(), "GET", "/v1/conversations?tenant=acme", null);
    assertEquals(200, page.statusCode(), page.body());
    for (JsonNode row : JSON.readTree(page.body()).get("conversations")) {
      if (row.get("sessionId").asText().equals(sessionId)) return Optional.of(row);
    }
    return Optional.empty();
  }

  private static String metrics() {
    return OpsClient.withToken(node.httpPort()).get("/metrics").body();
  }

  private static double failedSafeGauge() {
    Matcher gauge = FAILED_SAFE_GAUGE.matcher(metrics());
    return gauge.find() ? Double.parseDouble(gauge.group(1)) : -1;
  }

  /**
   * Gives the session's last event the manifest {@code manifest}, as a row a newer release wrote would
   * have one this release does not know; the manifest it had, to put back.
   */
  private static String breakLastEvent(String sessionId, String manifest) throws SQLException {
    try (Connection connection = node.connect()) {
      String before = lastEvent(connection, sessionId);
      setManifest(connection, sessionId, manifest);
      return before;
    }
  }

  private static void restoreLastEvent(String sessionId, String manifest) throws SQLException {
    try (Connection connection = node.connect()) {
      setManifest(connection, sessionId, manifest);
    }
  }

  private static String lastEvent(Connection connection, String sessionId) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement("SELECT event_ser_manifest FROM event_journal"
        + " WHERE persistence_id LIKE ? ORDER BY sequence_number DESC LIMIT 1")) {
      select.setString(1, "ChatSession|%" + sessionId);
      try (ResultSet rows = select.executeQuery()) {
        assertTrue(rows.next(), "the session has events");
        return rows.getString(1);
      }
    }
  }

  private static void setManifest(Connection connection, String sessionId, String manifest) throws SQLException {
    try (PreparedStatement update = connection.prepareStatement("UPDATE event_journal SET event_ser_manifest = ?"
        + " WHERE persistence_id LIKE ? AND sequence_number = (SELECT MAX(sequence_number) FROM event_journal"
        + " WHERE persistence_id LIKE ?)")) {
      update.setString(1, manifest);
      update.setString(2, "ChatSession|%" + sessionId);
      update.setString(3, "ChatSession|%" + sessionId);
      assertEquals(1, update.executeUpdate());
    }
  }

  private static int failures(String sessionId) throws SQLException {
    try (Connection connection = node.connect();
        PreparedStatement select = connection.prepareStatement(
            "SELECT failures FROM session_failure WHERE tenant = 'acme' AND session_id = ?")) {
      select.setString(1, sessionId);
      try (ResultSet rows = select.executeQuery()) {
        return rows.next() ? rows.getInt(1) : 0;
      }
    }
  }

  private static boolean audited(String tenant, String action) throws SQLException {
    try (Connection connection = node.connect();
        PreparedStatement select = connection.prepareStatement(
            "SELECT COUNT(*) FROM audit_log WHERE tenant = ? AND action = ? AND result = 'ok'")) {
      select.setString(1, tenant);
      select.setString(2, action);
      try (ResultSet rows = select.executeQuery()) {
        rows.next();
        return rows.getInt(1) > 0;
      }
    }
  }
}
