package io.parley.http;

import static io.parley.http.ChatClient.frame;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.core.llm.testing.FakeChatCompletionsServer;
import io.parley.core.session.SessionId;
import io.parley.sessions.SessionTags;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A tenant whose bot configuration has its own redaction patterns, over real sockets on a real node:
 * the conversations projection keeps its conversation's row (listed, with the export's texts, the
 * pattern's value held as a keyed hash), the export prints that value as its placeholder and never
 * as written, and another tenant's conversation in the same slice of the journal is projected too.
 */
class ConversationTenantPatternsEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String MEMBER = "M-123456";
  private static final String EMAIL = ConversationExportEndToEndTest.EMAIL;

  @RegisterExtension
  static final RunningNode node = RunningNode.withModel(FakeChatCompletionsServer::start);

  @Test
  void aTenantsOwnPatternsAreProjectedAndExportedAsPlaceholdersBesideAnotherTenantsConversations() throws Exception {
    HttpResponse<String> saved = TestIdentity.asAdmin(node.httpPort(), "PUT", "/v1/config?tenant=acme",
        "{\"config\": {\"redactPatterns\": [{\"name\": \"MEMBER_ID\", \"regex\": \"\\\\bM-\\\\d{6}\\\\b\"}]}}");
    assertEquals(200, saved.statusCode(), saved.body());
    Instant before = Instant.now().minusSeconds(1);
    String sessionId;
    try (ChatClient customer = ChatClient.connect(node.httpPort(), "acme")) {
      sessionId = customer.startNew();
      customer.answerTo("c-1", "My member number is " + MEMBER + ", mail me at " + EMAIL);
      customer.send(frame("rate").put("score", 5).put("comment", "Thanks. " + MEMBER + " is sorted"));
      customer.expect("rated");
      customer.send(frame("close").put("reason", "resolved"));
      customer.expect("closed");
    }
    conversationInTheSameSlice("globex", SessionTags.of(SessionId.of("acme", sessionId)));
    String range = "from=" + before + "&to=" + Instant.now().plusSeconds(60);
    ConversationExportEndToEndTest.awaitClosed(node, "acme", range);
    ConversationExportEndToEndTest.awaitClosed(node, "globex", range);

    assertTrue(keptComment(sessionId).matches("Thanks\\. \uE000MEMBER_ID:-?\\d+\uE001 is sorted"),
        "the row keeps the value as its hash: " + keptComment(sessionId));
    for (String transcript : List.of("", "&include=transcript")) {
      String jsonl = ConversationExportEndToEndTest.export(node, range + transcript + "&format=jsonl");
      assertFalse(jsonl.contains(MEMBER) || jsonl.contains(EMAIL), jsonl);
      JsonNode line = JSON.readTree(jsonl.strip());
      assertEquals(sessionId, line.get("sessionId").asText(), jsonl);
      assertEquals("Thanks. [MEMBER_ID_1] is sorted", line.get("ratingComment").asText(), jsonl);
      if (!transcript.isEmpty()) {
        assertEquals("My member number is [MEMBER_ID_1], mail me at [EMAIL_1]",
            line.get("transcript").get(0).get("text").asText(), jsonl);
      }
    }
  }

  /** Starts {@code tenant}'s conversations until one's events carry {@code tag}, and closes that one. */
  private static void conversationInTheSameSlice(String tenant, String tag) throws Exception {
    for (int attempt = 0; attempt < 100; attempt++) {
      try (ChatClient customer = ChatClient.connect(node.httpPort(), tenant)) {
        String sessionId = customer.startNew();
        if (SessionTags.of(SessionId.of(tenant, sessionId)).equals(tag)) {
          customer.answerTo("c-1", "Where is my parcel?");
          customer.send(frame("close").put("reason", "resolved"));
          customer.expect("closed");
          return;
        }
      }
    }
    throw new AssertionError("no conversation of " + tenant + " in " + tag);
  }

  /** The rating comment the projection kept on the conversation's row. */
  private static String keptComment(String sessionId) throws Exception {
    try (Connection connection = node.connect(); PreparedStatement select = connection.prepareStatement(
        "SELECT rating_comment FROM conversation WHERE tenant = 'acme' AND session_id = ?")) {
      select.setString(1, sessionId);
      try (ResultSet rows = select.executeQuery()) {
        assertTrue(rows.next(), "the conversation has a row");
        return String.valueOf(rows.getString(1));
      }
    }
  }
}
