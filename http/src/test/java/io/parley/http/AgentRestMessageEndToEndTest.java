package io.parley.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.core.llm.testing.FakeChatCompletionsServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An agent writes to a customer over REST ({@code POST /v1/conversations/{id}/messages}) on a real
 * node: a customer asks for a person, an agent takes the conversation on the console, uploads a file
 * and posts it with a message by REST; the customer's socket gets the message and the file, which
 * the customer reads with their own token. A retry with the same Idempotency-Key stores nothing new.
 * Refused as the socket refuses: before the take and to another agent of the tenant (409), to
 * another tenant's agent (404), to a customer (403) and without a credential (401), and once closed (409).
 */
class AgentRestMessageEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String INVOICE = "Invoice 1042: 39.90 EUR, refunded.";

  @RegisterExtension
  static final RunningNode node = RunningNode.withModel(() -> FakeChatCompletionsServer.start(FakeChatCompletionsServer::echo));

  @Test
  void anAgentWhoTookTheConversationPostsAMessageWithAFileByRest() throws Exception {
    String user = "ada-" + UUID.randomUUID();
    String customerToken = TestIdentity.customerToken("acme", Optional.of(user));
    String agentToken = TestIdentity.agentToken("acme", "agent-robin");
    try (ChatClient console = ChatClient.agent(node.httpPort(), "acme", "agent-robin", "Robin");
        ChatClient customer = ChatClient.connectAs(node.httpPort(), "acme", Optional.of(user))) {
      console.expect("hello");
      String sessionId = customer.startNew();
      String messages = "/v1/conversations/" + sessionId + "/messages";
      customer.say("c-1", "Can I talk to a human please?");
      assertEquals("waiting_for_agent", customer.next(f -> type(f, "handoff")).get("status").asText());

      HttpResponse<String> early = call("POST", messages, agentToken, Map.of("text", "Hello?"), Optional.empty());
      assertEquals(409, early.statusCode(), "nobody took it yet: " + early.body());

      console.send(ChatClient.frame("take").put("sessionId", sessionId));
      console.expect("conversation");
      assertEquals("agent", customer.next(f -> type(f, "handoff") && f.get("status").asText().equals("agent"))
          .get("status").asText());

      HttpResponse<String> uploaded = send("POST", "/v1/sessions/" + sessionId + "/attachments?name=invoice.txt",
          agentToken, "text/plain", INVOICE.getBytes(StandardCharsets.UTF_8), Optional.empty());
      assertEquals(201, uploaded.statusCode(), uploaded.body());
      String attachmentId = JSON.readTree(uploaded.body()).get("attachmentId").asText();

      Instant before = Instant.now().minusSeconds(1);
      Map<String, Object> reply = Map.of("text", "Here is your invoice, Ada.", "attachments", List.of(attachmentId));
      HttpResponse<String> posted = call("POST", messages, agentToken, reply, Optional.of("invoice-1042"));
      assertEquals(201, posted.statusCode(), posted.body());
      JsonNode stored = JSON.readTree(posted.body());
      long seq = stored.get("seq").asLong();
      assertEquals(sessionId, stored.get("sessionId").asText());
      assertEquals("agent", stored.get("role").asText());
      assertEquals("Robin", stored.get("author").asText());
      assertEquals("Here is your invoice, Ada.", stored.get("text").asText());
      assertFalse(Instant.parse(stored.get("at").asText()).isBefore(before), stored.toString());
      assertFalse(stored.get("duplicate").asBoolean());
      assertEquals(attachmentId, stored.get("attachments").get(0).get("attachmentId").asText());

      JsonNode written = customer.next(AgentRestMessageEndToEndTest::fromAgent);
      assertEquals(seq, written.get("seq").asLong());
      assertEquals("Here is your invoice, Ada.", written.get("text").asText());
      assertEquals("Robin", written.get("author").asText());
      JsonNode files = customer.next(f -> type(f, "attachments"));
      assertEquals(seq, files.get("seq").asLong());
      String url = files.get("attachments").get(0).get("url").asText();
      assertEquals(stored.get("attachments").get(0).get("url").asText(), url);
      HttpResponse<String> read = send("GET", url, customerToken, null, null, Optional.empty());
      assertEquals(200, read.statusCode(), read.body());
      assertEquals(INVOICE, read.body(), "the customer reads the agent's file with their own token");

      HttpResponse<String> retried = call("POST", messages, agentToken, reply, Optional.of("invoice-1042"));
      assertEquals(200, retried.statusCode(), retried.body());
      JsonNode again = JSON.readTree(retried.body());
      assertEquals(seq, again.get("seq").asLong());
      assertTrue(again.get("duplicate").asBoolean());
      assertTrue(customer.drain(Duration.ofMillis(500)).stream().noneMatch(f -> fromAgent(f)),
          "a retry with the same key posts nothing new");

      assertEquals(400, call("POST", messages, agentToken, Map.of("text", "  "), Optional.empty()).statusCode());
      assertEquals(400, call("POST", messages, agentToken, Map.of(), Optional.empty()).statusCode());
      assertEquals(413, call("POST", messages, agentToken, Map.of("text", "x".repeat(17 * 1024)), Optional.empty())
          .statusCode());
      HttpResponse<String> unknownFile = call("POST", messages, agentToken,
          Map.of("text", "And this", "attachments", List.of("att_" + "f".repeat(32))), Optional.empty());
      assertEquals(404, unknownFile.statusCode(), unknownFile.body());
      assertEquals("not_found", JSON.readTree(unknownFile.body()).get("error").get("code").asText());

      HttpResponse<String> otherAgent = call("POST", messages, TestIdentity.agentToken("acme", "agent-kim"),
          Map.of("text", "Kim here"), Optional.empty());
      assertEquals(409, otherAgent.statusCode(), "only the agent holding it writes: " + otherAgent.body());
      HttpResponse<String> otherTenant = call("POST", messages, TestIdentity.agentToken("globex", "agent-robin"),
          Map.of("text", "Hi"), Optional.empty());
      assertEquals(404, otherTenant.statusCode(), otherTenant.body());
      assertFalse(otherTenant.body().contains("Robin"), otherTenant.body());
      assertEquals(403, call("POST", messages, customerToken, Map.of("text", "Me too"), Optional.empty()).statusCode());
      assertEquals(401, send("POST", messages + "?tenant=acme", null, "application/json", "{\"text\": \"Hi\"}".getBytes(),
          Optional.empty()).statusCode());
      assertTrue(customer.drain(Duration.ofMillis(300)).stream().noneMatch(f -> fromAgent(f)),
          "no refused message reached the customer");

      assertEquals(200, TestIdentity.asAdmin(node.httpPort(), "DELETE", "/v1/sessions/" + sessionId + "?tenant=acme", null)
          .statusCode());
      HttpResponse<String> closed = call("POST", messages, agentToken, Map.of("text", "Still there?"), Optional.empty());
      assertEquals(409, closed.statusCode(), closed.body());
    }
  }

  private static boolean fromAgent(JsonNode frame) {
    return type(frame, "message") && frame.get("role").asText().equals("agent");
  }

  private static boolean type(JsonNode frame, String type) {
    return frame.get("type").asText().equals(type);
  }

  private static HttpResponse<String> call(String method, String path, String token, Object body, Optional<String> key)
      throws Exception {
    return send(method, path, token, "application/json", JSON.writeValueAsBytes(body), key);
  }

  private static HttpResponse<String> send(String method, String path, String token, String contentType, byte[] body,
      Optional<String> key) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort() + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
    if (token != null) request.header("Authorization", "Bearer " + token);
    if (contentType != null) request.header("Content-Type", contentType);
    key.ifPresent(value -> request.header("Idempotency-Key", value));
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
