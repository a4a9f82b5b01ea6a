package io.parley.http;

import static io.parley.core.testing.Awaiting.await;
import static io.parley.http.ChatClient.frame;
import static io.parley.http.ToolApprovalEndToEndTest.approve;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.core.llm.ToolCall;
import io.parley.core.llm.testing.FakeChatCompletionsServer;
import io.parley.core.llm.testing.Reply;
import io.parley.core.testing.ScriptedHttpServer;
import io.parley.core.testing.ScriptedHttpServer.Response;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a support team reads of a conversation is what happened, over real sockets: a customer who
 * wrote their email address, a tool call an agent approved, and a rating with a comment are in the
 * conversation's view for staff (the tool call and its approval, in order) and in every export,
 * JSON lines and CSV, with and without the transcripts; what leaves the node is redacted as the
 * archive is, so the address is nowhere in an export.
 */
class ConversationExportEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final String EMAIL = "ada.lovelace@example.com";

  @RegisterExtension
  static final RunningNode node = RunningNode.withModel(
      () -> FakeChatCompletionsServer.start(TenantToolsEndToEndTest::answerFromLastResult));

  @Test
  void everyExportHoldsTheRatingCommentTheToolCallsAndTheirApprovalsRedactedAsTheArchive() throws Exception {
    try (ScriptedHttpServer orders = orders()) {
      Instant before = Instant.now().minusSeconds(1);
      String sessionId = converse(node, orders);
      String range = "from=" + before + "&to=" + Instant.now().plusSeconds(60);
      awaitClosed(node, range);

      JsonNode view = admin(node, "/v1/conversations/" + sessionId + "?tenant=acme");
      JsonNode call = view.get("toolCalls").get(0);
      assertEquals("cancel_order", call.get("tool").asText(), view.toString());
      assertEquals("succeeded", call.get("outcome").asText());
      assertEquals("agent", call.at("/approval/approver").asText());
      assertEquals("approved", call.at("/approval/decision").asText());
      assertEquals("agent-dana", call.at("/approval/decidedBy").asText());

      for (String transcript : List.of("", "&include=transcript")) {
        String jsonl = export(range + transcript + "&format=jsonl");
        assertFalse(jsonl.contains(EMAIL), "the address is redacted in every export: " + jsonl);
        JsonNode line = JSON.readTree(jsonl.strip());
        assertEquals("Quick. Mail me at [EMAIL_1] next time", line.get("ratingComment").asText(), jsonl);
        JsonNode exported = line.get("toolCalls").get(0);
        assertEquals("cancel_order", exported.get("tool").asText());
        assertEquals("succeeded", exported.get("outcome").asText());
        assertTrue(exported.get("durationMs").asLong() >= 0, jsonl);
        assertEquals("{\"order\":\"A-1042\",\"reason\":\"write to [EMAIL_1]\"}", exported.get("arguments").asText());
        assertEquals("approved", exported.at("/approval/decision").asText());
        assertEquals("agent-dana", exported.at("/approval/decidedBy").asText());
        assertTrue(exported.at("/approval/decidedAt").isTextual(), jsonl);
        assertEquals(!transcript.isEmpty(), line.has("transcript"), jsonl);
        if (!transcript.isEmpty()) {
          assertEquals("Please cancel A-1042, I am [EMAIL_1]", line.get("transcript").get(0).get("text").asText(), jsonl);
        }

        String csv = export(range + transcript + "&format=csv");
        assertFalse(csv.contains(EMAIL), "the address is redacted in every export: " + csv);
        assertTrue(csv.lines().findFirst().orElseThrow().contains(",ratingComment,toolCalls,approvals"), csv);
        assertTrue(csv.contains("Quick. Mail me at [EMAIL_1] next time"), csv);
        assertTrue(csv.contains("cancel_order succeeded in "), csv);
        assertTrue(csv.contains("cancel_order: approved by agent agent-dana at "), csv);
        assertEquals(!transcript.isEmpty(), csv.contains("Please cancel A-1042, I am [EMAIL_1]"), csv);
      }
    }
  }

  /** The tenant's orders service, which cancels an order. */
  static ScriptedHttpServer orders() {
    return ScriptedHttpServer.start(Response.json(200, "{\"cancelled\":\"A-1042\",\"summary\":\"A-1042 cancelled\"}"));
  }

  /**
   * On {@code node}, a customer who writes their email address asks to cancel an order, which the
   * model does with a call an agent approves; they rate the answer with a comment holding the
   * address, and close. Returns the session's id.
   */
  static String converse(RunningNode node, ScriptedHttpServer orders) throws Exception {
    publish(node, orders);
    try (ChatClient customer = ChatClient.connect(node.httpPort(), "acme");
        ChatClient dana = ChatClient.greetedAgent(node.httpPort(), "acme", "agent-dana", "Dana")) {
      String sessionId = customer.startNew();
      node.model().enqueue(Reply.toolCalls(new ToolCall("call-1", "cancel_order",
          "{\"order\":\"A-1042\",\"reason\":\"write to " + EMAIL + "\"}")));
      String turn = customer.say("c-1", "Please cancel A-1042, I am " + EMAIL).get("turnId").asText();
      String approvalId = customer.expect("agentApproval").get("approvalId").asText();
      dana.send(approve(approvalId, true).put("sessionId", sessionId));
      assertTrue(customer.answerOf(turn).get("text").asText().contains("A-1042 cancelled"));
      customer.send(frame("rate").put("score", 4).put("comment", "Quick. Mail me at " + EMAIL + " next time"));
      customer.expect("rated");
      customer.send(frame("close").put("reason", "resolved"));
      customer.expect("closed");
      return sessionId;
    }
  }

  private static String export(String query) throws Exception {
    return export(node, query);
  }

  static String export(RunningNode node, String query) throws Exception {
    HttpResponse<String> export = TestIdentity.asAdmin(node.httpPort(), "GET",
        "/v1/conversations/export?tenant=acme&" + query, null);
    assertEquals(200, export.statusCode(), export.body());
    return export.body();
  }

  /** The tenant's cancel_order tool, which an agent approves. */
  private static void publish(RunningNode node, ScriptedHttpServer orders) throws Exception {
    String config = "{\"httpTools\": [{\"name\": \"cancel_order\", \"description\": \"Cancel one of the customer's"
        + " orders. Only when they ask.\", \"url\": \"" + orders.url("/cancel") + "\", \"approval\": \"agent\","
        + " \"parameters\": {\"type\": \"object\", \"properties\": {\"order\": {\"type\": \"string\"},"
        + " \"reason\": {\"type\": \"string\"}}, \"required\": [\"order\"]}}]}";
    HttpResponse<String> saved = TestIdentity.asAdmin(node.httpPort(), "PUT", "/v1/config?tenant=acme",
        "{\"config\": " + config + "}");
    assertEquals(200, saved.statusCode(), saved.body());
  }

  static void awaitClosed(RunningNode node, String range) throws Exception {
    awaitClosed(node, "acme", range);
  }

  /** Until {@code tenant}'s conversations list a closed one in {@code range}: the projection has folded its close. */
  static void awaitClosed(RunningNode node, String tenant, String range) {
    await("a conversation of " + tenant + " listed closed").atMost(Duration.ofSeconds(60))
        .until(() -> !admin(node, "/v1/conversations?tenant=" + tenant + "&status=closed&" + range).get("conversations").isEmpty());
  }

  static JsonNode admin(RunningNode node, String path) throws Exception {
    HttpResponse<String> response = TestIdentity.asAdmin(node.httpPort(), "GET", path, null);
    assertEquals(200, response.statusCode(), response.body());
    return JSON.readTree(response.body());
  }
}
