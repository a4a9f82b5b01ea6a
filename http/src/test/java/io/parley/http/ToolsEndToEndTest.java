package io.parley.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.core.llm.ToolCall;
import io.parley.core.llm.testing.FakeChatCompletionsServer;
import io.parley.core.llm.testing.RecordedRequest;
import io.parley.core.llm.testing.Reply;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The bot acts, not only talks: over a real WebSocket, the model calls the built-in tools against
 * the real ticket store, the client sees the tool activity, and the answer comes from the result.
 */
class ToolsEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  /**
   * One node for the class, each test a tenant of its own. Its model reads tool results the way a
   * model would: the answer is made of what the tool returned.
   */
  @RegisterExtension
  static final RunningNode node =
      RunningNode.withModel(() -> FakeChatCompletionsServer.start(ToolsEndToEndTest::answerFromToolResults));

  static String answerFromToolResults(RecordedRequest request) {
    if (request.toolResults().isEmpty()) return FakeChatCompletionsServer.echo(request);
    try {
      String fenced = request.toolResults().get(request.toolResults().size() - 1).content();
      // Fenced as data: the fence's lines around the tool's JSON.
      JsonNode result = JSON.readTree(fenced.substring(fenced.indexOf('\n') + 1, fenced.lastIndexOf('\n')));
      return "From our records: " + result.toString();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void theStatusOfATicketComesFromFetchStatus() throws Exception {
    int requestsBefore = node.model().requestCount();
    String ticket = JSON.readTree(post("/v1/tickets?tenant=acme",
        "{\"subject\":\"Lamp arrived broken\",\"description\":\"Order 1042\",\"priority\":\"high\"}").body())
        .get("id").asText();
    node.model().enqueue(Reply.toolCalls(new ToolCall("call-1", "fetch_status", "{\"ticket_id\":\"" + ticket + "\"}")));

    try (ChatClient client = ChatClient.connect(node.httpPort(), "acme")) {
      client.startNew();
      client.say("c-1", "What is the status of " + ticket + "?");
      JsonNode started = client.expect("tool");
      assertEquals("fetch_status", started.get("name").asText());
      assertEquals("started", started.get("status").asText());
      assertEquals("succeeded", client.expect("tool").get("status").asText());
      String answer = client.answerOf("turn-1").get("text").asText();
      assertTrue(answer.contains(ticket) && answer.contains("open"), answer);
    }
    assertEquals(List.of("kb_search", "create_ticket", "fetch_status", "escalate").stream().sorted().toList(),
        node.model().requests().get(requestsBefore).toolNames().stream().sorted().toList(),
        "the built-in tools are offered; do_not_call only in calls the bot placed");
  }

  @Test
  void aTicketTheModelCreatesIsCreatedOnce() throws Exception {
    node.model().enqueue(Reply.toolCalls(new ToolCall("call-7", "create_ticket",
        "{\"subject\":\"Refund for order 77\",\"description\":\"Charged twice\",\"priority\":\"urgent\"}")));
    try (ChatClient client = ChatClient.connect(node.httpPort(), "globex")) {
      client.startNew();
      client.say("c-1", "I was charged twice, please escalate");
      String answer = client.answerOf("turn-1").get("text").asText();
      assertTrue(answer.contains("T-1001"), answer);
    }
    JsonNode tickets = JSON.readTree(get("/v1/tickets?tenant=globex").body());
    assertEquals(1, tickets.get("tickets").size(), tickets.toString());
    assertEquals(0, JSON.readTree(get("/v1/tickets?tenant=initech").body()).get("tickets").size(), "tenant isolation");
  }

  private HttpResponse<String> post(String path, String body) throws Exception {
    return HTTP.send(TestIdentity.authorized(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort() + path)), path)
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(TestIdentity.authorized(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort() + path)), path).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
