package io.parley.http;

import static io.parley.http.ConversationExportEndToEndTest.EMAIL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.core.llm.testing.FakeChatCompletionsServer;
import io.parley.core.testing.ScriptedHttpServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The plain conversations export reads the database only, over real sockets on a real node: the
 * projection keeps a conversation's rating comment and tool calls on its row, the customer's
 * address held as a keyed hash and never as written, and a conversation whose session has nothing
 * left to tell (its journal rows gone, the node restarted so that no session is in memory) is
 * exported whole, redacted as before: an export that asked the session would print no comment and
 * no calls for it. A row that kept no texts (projected before they were kept) is exported from
 * its session, as before.
 */
class ConversationExportTextsEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension
  static final RunningNode node = RunningNode.withModel(
      () -> FakeChatCompletionsServer.start(TenantToolsEndToEndTest::answerFromLastResult));

  @Test
  void theExportPrintsTheCommentAndToolCallsTheProjectionKeptWithoutAskingTheSession() throws Exception {
    node.startOwn(Map.of());
    try (ScriptedHttpServer orders = ConversationExportEndToEndTest.orders()) {
      Instant before = Instant.now().minusSeconds(1);
      String sessionId = ConversationExportEndToEndTest.converse(node, orders);
      String range = "from=" + before + "&to=" + Instant.now().plusSeconds(60);
      ConversationExportEndToEndTest.awaitClosed(node, range);

      Map<String, String> kept = kept(sessionId);
      assertTrue(kept.values().stream().noneMatch(value -> value == null || value.contains(EMAIL)), kept.toString());
      assertTrue(kept.get("rating_comment").matches("Quick\\. Mail me at \uE000EMAIL:-?\\d+\uE001 next time"), kept.toString());
      JsonNode calls = JSON.readTree(kept.get("tool_calls"));
      assertEquals("cancel_order", calls.get(0).get("tool").asText(), kept.toString());
      assertEquals("agent-dana", calls.get(0).at("/approval/decision/by").asText(), kept.toString());
      assertEquals(1, JSON.readTree(kept.get("export_redaction")).at("/seen/EMAIL").size(),
          "the one address the messages mention, as its hash: " + kept);

      // A row projected before the texts were kept: its session is asked, as before.
      keep(sessionId, null);
      JsonNode asked = JSON.readTree(ConversationExportEndToEndTest.export(node, range + "&format=jsonl").strip());
      assertEquals("Quick. Mail me at [EMAIL_1] next time", asked.path("ratingComment").asText(), asked.toString());
      assertEquals("cancel_order", asked.at("/toolCalls/0/tool").asText(), asked.toString());
      keep(sessionId, kept.get("export_redaction"));

      forgetSession(sessionId);
      node.restartOwn();

      String jsonl = ConversationExportEndToEndTest.export(node, range + "&format=jsonl");
      assertFalse(jsonl.contains(EMAIL), jsonl);
      JsonNode line = JSON.readTree(jsonl.strip());
      assertEquals(sessionId, line.get("sessionId").asText());
      assertEquals("Quick. Mail me at [EMAIL_1] next time", line.path("ratingComment").asText(),
          "printed from the row, not the session: " + jsonl);
      JsonNode call = line.get("toolCalls").get(0);
      assertEquals("succeeded", call.get("outcome").asText(), jsonl);
      assertEquals("{\"order\":\"A-1042\",\"reason\":\"write to [EMAIL_1]\"}", call.get("arguments").asText());
      assertEquals("A-1042 cancelled", call.get("result").asText());
      assertEquals("agent-dana", call.at("/approval/decidedBy").asText());
      String csv = ConversationExportEndToEndTest.export(node, range + "&format=csv");
      assertFalse(csv.contains(EMAIL), csv);
      assertTrue(csv.contains("Quick. Mail me at [EMAIL_1] next time"), csv);
      assertTrue(csv.contains("cancel_order succeeded in "), csv);
      assertTrue(csv.contains("cancel_order: approved by agent agent-dana at "), csv);
    }
  }

  /** The columns the projection keeps for the export, as the database holds them. */
  private static Map<String, String> kept(String sessionId) throws Exception {
    try (Connection connection = node.connect(); PreparedStatement select = connection.prepareStatement(
        "SELECT export_redaction, rating_comment, tool_calls FROM conversation WHERE tenant = 'acme' AND session_id = ?")) {
      select.setString(1, sessionId);
      try (ResultSet rows = select.executeQuery()) {
        assertTrue(rows.next(), "the conversation has a row");
        Map<String, String> kept = new LinkedHashMap<>();
        for (String column : List.of("export_redaction", "rating_comment", "tool_calls")) kept.put(column, rows.getString(column));
        return kept;
      }
    }
  }

  /** Sets the row's {@code export_redaction}: none is a row the projection kept no texts for. */
  private static void keep(String sessionId, String redaction) throws Exception {
    try (Connection connection = node.connect(); PreparedStatement update = connection.prepareStatement(
        "UPDATE conversation SET export_redaction = ? WHERE tenant = 'acme' AND session_id = ?")) {
      update.setString(1, redaction);
      update.setString(2, sessionId);
      assertEquals(1, update.executeUpdate());
    }
  }

  /** Deletes the session's events and snapshots: a session woken now recovers as one that never began. */
  private static void forgetSession(String sessionId) throws Exception {
    try (Connection connection = node.connect()) {
      for (String table : List.of("event_journal", "snapshot")) {
        try (PreparedStatement delete = connection.prepareStatement(
            "DELETE FROM " + table + " WHERE persistence_id = ?")) {
          delete.setString(1, "ChatSession|acme/" + sessionId);
          delete.executeUpdate();
        }
      }
    }
  }
}
