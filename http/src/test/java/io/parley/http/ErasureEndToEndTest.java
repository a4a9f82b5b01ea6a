package io.parley.http;

import static io.parley.http.ChatClient.frame;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.minio.MinioClient;
import io.minio.StatObjectArgs;
import io.minio.errors.ErrorResponseException;
import io.parley.core.testing.Awaiting;
import io.parley.persistence.DatabaseSettings;
import io.parley.persistence.testing.TestPostgres;
import io.parley.persistence.testing.TestS3;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Export and erasure (GDPR art. 15/17) on PostgreSQL with an S3 archive: a signed-in customer
 * chats with an email and a card number and closes; an admin exports everything, then erases
 * the user. Afterwards the journal rows are still there but sealed (no plaintext), the session
 * answers as erased, memory is empty, the archive document is gone, and a restarted node
 * recovers the session as erased.
 */
class ErasureEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String EMAIL = "ada.lovelace@example.com";
  private static final String CARD = "4111 1111 1111 1111";

  @Test
  void anAdminExportsEverythingHeldAboutAUserThenErasesItEverywhere() throws Exception {
    TestS3 s3 = TestS3.shared();
    String bucket = s3.newBucketName();
    DatabaseSettings database = TestPostgres.newDatabase();
    Map<String, Object> settings = TestNode.s3Archive(s3, bucket, Map.of());
    String user = "ada-" + UUID.randomUUID();
    String sessionId;
    String archiveKey;
    try (ParleyNode node = ParleyNode.start(TestNode.config(database, Optional.empty(), settings))) {
      int port = node.httpPort();
      sessionId = converse(port, user, "Hello, I am Ada Lovelace, write to " + EMAIL + "; my card is " + CARD + ".");
      archiveKey = await(port, "/v1/sessions/" + sessionId + "?tenant=acme", s -> s.path("status").asText().equals("archived"))
          .get("archived").get("key").asText();
      assertTrue(journalHolds(database, sessionId) > 0);
      assertFalse(journalContains(database, sessionId, EMAIL), "the journal is sealed from the first event");
      String kept = Awaiting.await("the conversation's export texts").atMost(Duration.ofSeconds(20)).until(
          () -> exportTexts(database, sessionId), texts -> texts.contains("CARD"));
      assertTrue(kept.contains("EMAIL") && kept.contains("CARD") && !kept.contains(EMAIL)
          && !kept.contains(CARD) && !kept.contains(CARD.replace(" ", "")),
          "the export's texts hold the values' hashes, not the values: " + kept);

      JsonNode export = await(port, "/v1/users/" + user + "/export?tenant=acme", e -> e.get("memory").size() > 0);
      assertEquals(user, export.get("userId").asText());
      assertEquals(1, export.get("sessions").size());
      JsonNode session = export.get("sessions").get(0);
      assertEquals(sessionId, session.get("sessionId").asText());
      assertTrue(session.get("messages").findValuesAsText("text").stream().anyMatch(t -> t.contains(EMAIL)), session.toString());
      assertEquals(List.of(archiveKey), texts(export.get("archiveObjects")));
      assertTrue(object(s3, bucket, archiveKey));
      assertEquals(200, asCustomer(port, user, "GET", "/v1/users/" + user + "/export?tenant=acme").statusCode(),
          "the customer exports its own data");
      assertEquals(403, asCustomer(port, user, "GET", "/v1/users/someone-else/export?tenant=acme").statusCode());
      assertEquals(403, asCustomer(port, user, "DELETE", "/v1/users/" + user + "?tenant=acme").statusCode(),
          "only an admin erases");

      String notes = "/v1/conversations/" + sessionId + "/notes?tenant=acme";
      assertEquals(201, TestIdentity.asAdmin(port, "POST", notes, "{\"body\": \"She wrote from " + EMAIL + "\"}").statusCode());
      JsonNode noted = get(port, "/v1/users/" + user + "/export?tenant=acme").get("notes");
      assertEquals(1, noted.size(), "the staff's notes on the user's conversations are part of the export");
      assertEquals(sessionId, noted.get(0).get("sessionId").asText());
      assertEquals("She wrote from " + EMAIL, noted.get(0).get("body").asText());
      assertTrue(noted.get(0).get("author").isTextual() && !noted.get(0).has("authorId"), noted.toString());
      HttpResponse<String> erased = TestIdentity.asAdmin(port, "DELETE", "/v1/users/" + user + "?tenant=acme", null);
      assertEquals(200, erased.statusCode(), erased.body());
      HttpResponse<String> notesAfter = TestIdentity.asAdmin(port, "GET", notes, null);
      assertEquals(404, notesAfter.statusCode(), "an erased conversation has no notes to read: " + notesAfter.body());
      assertEquals(0, rowsOf(database, "conversation_notes", sessionId), "the staff's notes on the conversation are gone with it");
      JsonNode report = JSON.readTree(erased.body());
      assertEquals(1, report.get("sessions").asInt());
      assertEquals(1, report.get("archiveObjects").asInt());
      assertTrue(report.get("memories").asInt() > 0, report.toString());
      JsonNode again = JSON.readTree(TestIdentity.asAdmin(port, "DELETE", "/v1/users/" + user + "?tenant=acme", null).body());
      assertEquals(0, again.get("sessions").asInt() + again.get("archiveObjects").asInt() + again.get("memories").asInt(),
          "erasing again finds nothing left: " + again);

      assertTrue(journalHolds(database, sessionId) > 0, "the journal keeps its rows, sealed under a key that is gone");
      assertFalse(journalContains(database, sessionId, EMAIL));
      assertFalse(journalContains(database, sessionId, CARD));
      assertErased(port, sessionId);
      assertEquals("", exportTexts(database, sessionId), "the export's texts are gone with the conversation's row");
      assertEquals(0, get(port, "/v1/users/" + user + "/memory?tenant=acme").get("entries").size());
      assertFalse(object(s3, bucket, archiveKey), "the archive document is gone");
      JsonNode after = get(port, "/v1/users/" + user + "/export?tenant=acme");
      assertEquals(0, after.get("sessions").size() + after.get("memory").size() + after.get("archiveObjects").size()
          + after.get("notes").size(), after.toString());
    }
    try (ParleyNode restarted = ParleyNode.start(TestNode.config(database, Optional.empty(), settings))) {
      assertErased(restarted.httpPort(), sessionId);
    }
  }

  @Test
  void aConversationGoingOnWhenItsUserIsErasedEndsForTheCustomer() throws Exception {
    try (ParleyNode node = ParleyNode.start(TestNode.config(TestPostgres.newDatabase(), Optional.empty(), Map.of()))) {
      String user = "ada-" + UUID.randomUUID();
      try (ChatClient customer = ChatClient.connectAs(node.httpPort(), "acme", Optional.of(user))) {
        customer.send(frame("start"));
        String sessionId = customer.expect("session").get("sessionId").asText();
        customer.say("c-1", "Please write to " + EMAIL);
        customer.answerOf("turn-1");

        HttpResponse<String> erased = TestIdentity.asAdmin(node.httpPort(), "DELETE", "/v1/users/" + user + "?tenant=acme", null);
        assertEquals(1, JSON.readTree(erased.body()).get("sessions").asInt(), erased.body());

        JsonNode error = customer.expect("error");
        assertEquals("not_found", error.get("code").asText());
        assertEquals("the session was erased", error.get("message").asText());
        customer.expect("closed");
        assertErased(node.httpPort(), sessionId);
      }
    }
  }

  @Test
  void sessionsPastTheirTenantsRetentionAreErasedByTheClustersSweep() throws Exception {
    DatabaseSettings database = TestPostgres.newDatabase();
    Map<String, Object> settings = Map.of("parley.retention.days", 30, "parley.retention.check-interval", "200ms");
    try (ParleyNode node = ParleyNode.start(TestNode.config(database, Optional.empty(), settings))) {
      int port = node.httpPort();
      String old = converse(port, "grace-" + UUID.randomUUID(), "My email is grace@example.com");
      String recent = converse(port, "hedy-" + UUID.randomUUID(), "My email is hedy@example.com");
      String searched = "/v1/conversations?tenant=acme&sort=oldest&q=email";
      await(port, searched, page -> ConversationsEndToEndTest.ids(page).equals(List.of(old, recent)));
      assertTrue(rowsOf(database, "conversation_term", old) > 0, "the old conversation's words are indexed");
      try (Connection connection = connect(database); PreparedStatement age = connection.prepareStatement(
          "UPDATE data_key SET created_at = created_at - INTERVAL '31 days' WHERE session_id = ?")) {
        age.setString(1, old);
        assertEquals(1, age.executeUpdate());
      }
      long longAgo = System.currentTimeMillis() - Duration.ofDays(31).toMillis();
      endedCampaignWithLead(database, "winter", "stopped", longAgo);
      endedCampaignWithLead(database, "spring", "paused", longAgo);

      Awaiting.await("erasure of the old session").atMost(Duration.ofSeconds(20)).until(
          () -> TestIdentity.asAdmin(port, "GET", "/v1/sessions/" + old + "?tenant=acme", null).statusCode() == 404);
      assertErased(port, old);
      assertEquals(200, TestIdentity.asAdmin(port, "GET", "/v1/sessions/" + recent + "?tenant=acme", null).statusCode(),
          "a session within retention stays");
      assertFalse(journalContains(database, old, "grace@example.com"));
      await(port, searched, page -> ConversationsEndToEndTest.ids(page).equals(List.of(recent)));
      assertEquals(0, rowsOf(database, "conversation_term", old), "search no longer finds the erased conversation, nor holds its terms");
      Awaiting.await("the stopped campaign's leads erased").atMost(Duration.ofSeconds(20))
          .until(() -> leadsOf(database, "winter"), count -> count == 0);
      assertEquals(1, leadsOf(database, "spring"), "a campaign that may resume keeps its leads");
    }
  }

  /** A campaign of acme made {@code at}, with one lead (sealed: its bytes are not read here) last called then. */
  private static void endedCampaignWithLead(DatabaseSettings database, String id, String status, long at)
      throws Exception {
    try (Connection connection = connect(database);
        PreparedStatement campaign = connection.prepareStatement("INSERT INTO campaign (tenant, id, name, status,"
            + " window_opens, window_closes, window_days, concurrent_calls, calls_per_minute, retry_attempts,"
            + " retry_delay_ms, retry_backoff, created_at) VALUES ('acme', ?, 'Calls', ?, '09:00', '20:00', '1,2,3,4,5',"
            + " 1, 10, 1, 600000, 2, ?)");
        PreparedStatement lead = connection.prepareStatement("INSERT INTO campaign_lead (tenant, campaign_id, seq,"
            + " sealed, number_key, user_id, time_zone, state, attempts, next_at, last_outcome, ended_at)"
            + " VALUES ('acme', ?, 1, 'c2VhbGVk', 'key', 'phone-0', 'UTC', 'done', 1, ?, 'busy', ?)")) {
      campaign.setString(1, id);
      campaign.setString(2, status);
      campaign.setLong(3, at);
      campaign.executeUpdate();
      lead.setString(1, id);
      lead.setLong(2, at);
      lead.setLong(3, at);
      lead.executeUpdate();
    }
  }

  private static int leadsOf(DatabaseSettings database, String campaignId) throws Exception {
    return count(database, "SELECT COUNT(*) FROM campaign_lead WHERE campaign_id = ?", campaignId);
  }

  /** How many rows {@code table} (one of this test's, never input) holds of the session. */
  private static int rowsOf(DatabaseSettings database, String table, String sessionId) throws Exception {
    return count(database, "SELECT COUNT(*) FROM " + table + " WHERE session_id = ?", sessionId);
  }

  private static int count(DatabaseSettings database, String sql, String value) throws Exception {
    try (Connection connection = connect(database); PreparedStatement count = connection.prepareStatement(sql)) {
      count.setString(1, value);
      try (ResultSet rows = count.executeQuery()) {
        rows.next();
        return rows.getInt(1);
      }
    }
  }


  /** What the projection keeps of the session for the export ({@code export_redaction}); empty without a row. */
  private static String exportTexts(DatabaseSettings database, String sessionId) throws Exception {
    try (Connection connection = connect(database); PreparedStatement select = connection.prepareStatement(
        "SELECT export_redaction FROM conversation WHERE session_id = ?")) {
      select.setString(1, sessionId);
      try (ResultSet rows = select.executeQuery()) {
        return rows.next() ? String.valueOf(rows.getString(1)) : "";
      }
    }
  }

  private static void assertErased(int port, String sessionId) throws Exception {
    String path = "/v1/sessions/" + sessionId + "?tenant=acme";
    HttpResponse<String> response = TestIdentity.asAdmin(port, "GET", path, null);
    assertEquals(404, response.statusCode(), response.body());
    JsonNode error = JSON.readTree(response.body()).get("error");
    assertEquals("not_found", error.get("code").asText());
    assertEquals("the session was erased", error.get("message").asText());
  }

  /** A signed-in customer's conversation of one message, answered and closed; returns its id. */
  private static String converse(int port, String userId, String text) {
    return ConversationsEndToEndTest.converse(port, "acme", Optional.of(userId), List.of(text));
  }

  private static HttpResponse<String> asCustomer(int port, String userId, String method, String path) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("Authorization", "Bearer " + TestIdentity.customerToken("acme", Optional.of(userId)))
        .method(method, HttpRequest.BodyPublishers.noBody()).build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode get(int port, String path) throws Exception {
    HttpResponse<String> response = TestIdentity.asAdmin(port, "GET", path, null);
    assertEquals(200, response.statusCode(), response.body());
    return JSON.readTree(response.body());
  }

  private static JsonNode await(int port, String path, Predicate<JsonNode> done) throws Exception {
    return Awaiting.await(path).atMost(Duration.ofSeconds(20)).until(() -> get(port, path), done);
  }

  private static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(node -> texts.add(node.asText()));
    return texts;
  }

  private static boolean object(TestS3 s3, String bucket, String key) throws Exception {
    MinioClient client = MinioClient.builder().endpoint(s3.endpoint().toString())
        .credentials(s3.accessKey(), s3.secretKey()).region("us-east-1").build();
    try {
      client.statObject(StatObjectArgs.builder().bucket(bucket).object(key).build());
      return true;
    } catch (ErrorResponseException e) {
      return false;
    }
  }

  private static Connection connect(DatabaseSettings database) throws Exception {
    return DriverManager.getConnection(database.url(), database.user().orElse(null), database.password().orElse(null));
  }

  private static int journalHolds(DatabaseSettings database, String sessionId) throws Exception {
    try (Connection connection = connect(database); PreparedStatement select = connection.prepareStatement(
        "SELECT COUNT(*) FROM event_journal WHERE persistence_id = ?")) {
      select.setString(1, "ChatSession|acme/" + sessionId);
      try (ResultSet rows = select.executeQuery()) {
        rows.next();
        return rows.getInt(1);
      }
    }
  }

  /** Whether any event or snapshot of the session holds {@code text} as bytes (UTF-8, as jackson-cbor writes it). */
  private static boolean journalContains(DatabaseSettings database, String sessionId, String text) throws Exception {
    byte[] needle = text.getBytes(StandardCharsets.UTF_8);
    try (Connection connection = connect(database)) {
      for (String sql : List.of("SELECT event_payload FROM event_journal WHERE persistence_id = ?",
          "SELECT snapshot_payload FROM snapshot WHERE persistence_id = ?")) {
        try (PreparedStatement select = connection.prepareStatement(sql)) {
          select.setString(1, "ChatSession|acme/" + sessionId);
          try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
              if (indexOf(rows.getBytes(1), needle) >= 0) return true;
            }
          }
        }
      }
    }
    return false;
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) continue outer;
      }
      return i;
    }
    return -1;
  }
}
