package io.parley.http;

import static io.parley.core.testing.Awaiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.core.llm.ToolCall;
import io.parley.core.llm.testing.FakeChatCompletionsServer;
import io.parley.core.llm.testing.Reply;
import io.parley.core.testing.ScriptedHttpServer;
import io.parley.core.testing.ScriptedHttpServer.Response;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A tenant's bot as an A2A 1.0 agent, driven by the A2A JavaScript SDK's own client ({@code @a2a-js/sdk}, pinned by
 * {@code src/test/a2a-client}) in Node.js against a real node answering with the fake model: the card names the
 * JSON-RPC endpoint, streaming and the bearer scheme; a message starts a conversation on channel {@code a2a}, a second
 * in the same context continues it (the transcript holds both; the conversations list and the analytics show it under
 * its channel), a stream gives the task, the answer's pieces as the model streams them, the whole answer and the
 * completed status; a wrong key, another tenant's key and an unknown context get errors. The JSON-RPC errors of
 * bodies the SDK would never send are tried by hand, and so is a tool call waiting for the customer's approval: a task
 * waiting for input, answered in that task with a data part or in words.
 */
class A2aEndToEndTest {
  private static final Path SOURCES = Path.of("src", "test", "a2a-client").toAbsolutePath();
  private static final Path WORK = Path.of("target", "a2a-client").toAbsolutePath();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  @RegisterExtension
  static final RunningNode node = RunningNode.withModel(FakeChatCompletionsServer::start);

  @BeforeAll
  static void installClient() throws Exception {
    NodeTool.requireNodeAndNpm("run the A2A JavaScript client");
    NodeTool.installPinned(SOURCES, WORK, List.of("package.json", "package-lock.json", "talk.mjs"), "@a2a-js");
  }

  @Test
  void theSdksClientTalksToTheTenantsBotAsACustomer() throws Exception {
    NodeTool.Result run = NodeTool.run(WORK, 180, Map.of(
        "PARLEY_A2A_BASE", "http://127.0.0.1:" + node.httpPort() + "/v1/a2a/acme/",
        "PARLEY_A2A_KEY", TestIdentity.customerToken("acme", Optional.of("ada")),
        "PARLEY_A2A_FOREIGN_KEY", TestIdentity.adminKey("globex")), "node", "talk.mjs");
    assertEquals(0, run.exitCode(), run.output());
    String[] lines = run.output().strip().split("\n");
    JsonNode talk = JSON.readTree(lines[lines.length - 1]);

    JsonNode card = talk.get("card");
    assertEquals("http://127.0.0.1:" + node.httpPort() + "/v1/a2a/acme", card.at("/supportedInterfaces/0/url").asText());
    assertEquals("JSONRPC", card.at("/supportedInterfaces/0/protocolBinding").asText());
    assertEquals("1.0", card.at("/supportedInterfaces/0/protocolVersion").asText());
    assertTrue(card.at("/capabilities/streaming").asBoolean());
    assertEquals("Bearer", card.at("/securitySchemes/parleyBearer/httpAuthSecurityScheme/scheme").asText());
    assertEquals("support-conversation", card.at("/skills/0/id").asText());

    String context = talk.at("/first/contextId").asText();
    assertFalse(context.isEmpty(), talk.toString());
    assertEquals(2, talk.at("/first/role").asInt(), "ROLE_AGENT");
    assertFalse(talk.at("/first/text").asText().isBlank(), talk.toString());
    assertEquals(context, talk.at("/second/contextId").asText(), "the same context continues the conversation");

    List<JsonNode> events = new ArrayList<>();
    talk.get("events").forEach(events::add);
    assertEquals("task", events.getFirst().get("kind").asText(), events.toString());
    assertEquals(2, events.getFirst().get("state").asInt(), "TASK_STATE_WORKING");
    JsonNode completed = events.getLast();
    assertEquals("statusUpdate", completed.get("kind").asText(), events.toString());
    assertEquals(3, completed.get("state").asInt(), "TASK_STATE_COMPLETED");
    List<JsonNode> chunks = events.subList(1, events.size() - 1);
    assertTrue(chunks.stream().allMatch(chunk -> chunk.get("kind").asText().equals("artifactUpdate")), events.toString());
    JsonNode whole = chunks.getLast();
    assertTrue(whole.get("lastChunk").asBoolean() && !whole.get("append").asBoolean(), "the whole answer ends the artifact");
    List<JsonNode> pieces = chunks.subList(0, chunks.size() - 1);
    assertTrue(pieces.size() >= 2, "the answer streams in pieces as the model writes it: " + events);
    StringBuilder streamed = new StringBuilder();
    pieces.forEach(piece -> streamed.append(piece.get("text").asText()));
    assertEquals(whole.get("text").asText(), streamed.toString(), "the pieces add up to the answer");
    talk.get("events").forEach(event -> assertEquals(context, event.get("contextId").asText()));

    assertTrue(talk.get("wrongKey").asText().contains("401"), talk.get("wrongKey").asText());
    assertTrue(talk.get("foreignKey").asText().contains("no agent is served here"), "acme has no agent for globex: " + talk.get("foreignKey").asText());
    assertTrue(talk.get("unknownContext").asText().toLowerCase().contains("not found"), talk.get("unknownContext").asText());

    JsonNode session = JSON.readTree(TestIdentity.asAdmin(node.httpPort(), "GET", "/v1/sessions/" + context + "?tenant=acme",
        null).body());
    assertEquals("a2a", session.get("channel").asText());
    String transcript = session.get("messages").toString();
    for (String said : List.of("Where is my parcel?", "And when will it arrive?", "Tell me about returns.")) {
      assertTrue(transcript.contains(said), transcript);
    }
    JsonNode listed = await("the a2a conversation in the read model").atMost(Duration.ofSeconds(60)).until(
        () -> ConversationsEndToEndTest.list(node.httpPort(), "acme", "channel=a2a"),
        page -> ConversationsEndToEndTest.ids(page).contains(context));
    assertEquals("a2a", listed.at("/conversations/0/channel").asText(), listed.toString());
    String window = "from=" + Instant.now().minusSeconds(3600) + "&to=" + Instant.now().plusSeconds(3600);
    await("the a2a conversation in the analytics").atMost(Duration.ofSeconds(60)).until(
        () -> JSON.readTree(TestIdentity.asAdmin(node.httpPort(), "GET", "/v1/analytics?tenant=acme&channel=a2a&" + window,
            null).body()), report -> report.at("/total/conversations").asInt() >= 1);
    assertNotEquals(200, TestIdentity.call(node.httpPort(), "GET", "/v1/sessions/" + context + "?tenant=globex",
        "Bearer " + TestIdentity.adminKey("globex"), null).statusCode(), "another tenant finds no such conversation");
  }

  @Test
  void bodiesThatAreNoRequestGetJsonRpcErrors() throws Exception {
    String key = "Bearer " + TestIdentity.adminKey("acme");
    assertEquals(-32700, rpc(key, "{not json").at("/error/code").asInt());
    assertEquals(-32600, rpc(key, "[1, 2]").at("/error/code").asInt());
    JsonNode unknown = rpc(key, "{\"jsonrpc\": \"2.0\", \"id\": 5, \"method\": \"tasks/send\", \"params\": {}}");
    assertEquals(-32601, unknown.at("/error/code").asInt());
    assertEquals(5, unknown.get("id").asInt());
    assertEquals(-32602, rpc(key, "{\"jsonrpc\": \"2.0\", \"id\": \"a\", \"method\": \"SendMessage\", \"params\": {}}")
        .at("/error/code").asInt());
    assertEquals(-32001, rpc(key, "{\"jsonrpc\": \"2.0\", \"id\": 6, \"method\": \"GetTask\", \"params\": {\"id\": \"t\"}}")
        .at("/error/code").asInt());
    HttpResponse<String> anonymous = HTTP.send(HttpRequest.newBuilder(endpoint("acme"))
        .POST(HttpRequest.BodyPublishers.ofString("{}")).header("Content-Type", "application/json").build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(401, anonymous.statusCode(), anonymous.body());
    HttpResponse<String> unserved = HTTP.send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + node.httpPort() + "/v1/a2a/nobody/.well-known/agent-card.json")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(404, unserved.statusCode());
  }

  @Test
  void aToolCallWaitingForTheCustomersApprovalIsATaskWaitingForInputAnsweredInItsTask() throws Exception {
    try (ScriptedHttpServer orders = ScriptedHttpServer.start(Response.json(200, "{\"cancelled\":\"A-1042\"}"))) {
      String config = "{\"httpTools\": [{\"name\": \"cancel_order\", \"description\": \"Cancel one of the customer's"
          + " orders.\", \"url\": \"" + orders.url("/cancel") + "\", \"approval\": \"customer\", \"parameters\":"
          + " {\"type\": \"object\", \"properties\": {\"order\": {\"type\": \"string\"}}, \"required\": [\"order\"]}}]}";
      HttpResponse<String> saved = TestIdentity.asAdmin(node.httpPort(), "PUT", "/v1/config?tenant=globex",
          "{\"config\": " + config + "}");
      assertEquals(200, saved.statusCode(), saved.body());
      String key = "Bearer " + TestIdentity.adminKey("globex");

      node.model().enqueue(Reply.toolCalls(new ToolCall("call-1", "cancel_order", "{\"order\":\"A-1042\"}")));
      JsonNode waiting = rpc("globex", key, send("SendMessage", "m-1", "{\"text\": \"Please cancel A-1042\"}", null, null))
          .path("result").path("task");
      assertEquals("TASK_STATE_INPUT_REQUIRED", waiting.at("/status/state").asText(), waiting.toString());
      String context = waiting.get("contextId").asText();
      String task = waiting.get("id").asText();
      JsonNode question = waiting.at("/status/message");
      assertEquals("ROLE_AGENT", question.get("role").asText());
      assertTrue(question.at("/parts/0/text").asText().contains("Cancel one of the customer's orders (order: A-1042)"),
          question.toString());
      assertEquals("cancel_order", question.at("/parts/1/data/tool").asText());
      assertTrue(question.at("/parts/1/data/approvalId").asText().startsWith("ap-"), question.toString());
      assertEquals(0, orders.requestCount(), "nothing runs before the customer's answer");

      JsonNode unclear = rpc("globex", key, send("SendMessage", "m-2", "{\"text\": \"what would that mean?\"}", context, task))
          .path("result").path("task");
      assertEquals("TASK_STATE_INPUT_REQUIRED", unclear.at("/status/state").asText(), unclear.toString());
      assertEquals(task, unclear.get("id").asText(), "the same task asks again");
      assertTrue(unclear.at("/status/message/parts/0/text").asText().startsWith("Sorry"), unclear.toString());
      assertEquals(0, orders.requestCount());

      List<JsonNode> events = stream("globex", key, send("SendStreamingMessage", "m-3", "{\"data\": {\"approved\": true}}",
          context, task));
      JsonNode completed = events.getLast().path("result").path("statusUpdate");
      assertEquals("TASK_STATE_COMPLETED", completed.at("/status/state").asText(), events.toString());
      assertEquals(task, completed.get("taskId").asText(), "the task that waited completes");
      assertEquals(1, orders.requestCount(), "approved: the call ran once");

      node.model().enqueue(Reply.toolCalls(new ToolCall("call-2", "cancel_order", "{\"order\":\"A-2001\"}")));
      JsonNode second = rpc("globex", key, send("SendMessage", "m-4", "{\"text\": \"And cancel A-2001\"}", context, null))
          .path("result").path("task");
      assertEquals("TASK_STATE_INPUT_REQUIRED", second.at("/status/state").asText(), second.toString());
      JsonNode refused = rpc("globex", key, send("SendMessage", "m-5", "{\"text\": \"No, don't\"}", context,
          second.get("id").asText())).path("result");
      assertTrue(refused.has("message"), "the turn is answered once the customer said no: " + refused);
      assertEquals(1, orders.requestCount(), "refused in words: the call never ran");

      JsonNode done = rpc("globex", key, send("SendMessage", "m-6", "{\"data\": {\"approved\": true}}", context, task));
      assertEquals(-32602, done.at("/error/code").asInt(), "a completed task takes no input: " + done);
    }
  }

  private static String send(String method, String messageId, String part, String context, String task) {
    return "{\"jsonrpc\": \"2.0\", \"id\": \"" + messageId + "\", \"method\": \"" + method + "\", \"params\": {\"message\":"
        + " {\"messageId\": \"" + messageId + "\", \"role\": \"ROLE_USER\", \"parts\": [" + part + "]"
        + (context == null ? "" : ", \"contextId\": \"" + context + "\"") + (task == null ? "" : ", \"taskId\": \"" + task + "\"")
        + "}}}";
  }

  /** The stream's events, each a JSON-RPC response. */
  private static List<JsonNode> stream(String tenant, String authorization, String body) throws Exception {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(endpoint(tenant))
        .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json")
        .header("Authorization", authorization).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode(), response.body());
    List<JsonNode> events = new ArrayList<>();
    for (String line : response.body().split("\n")) {
      if (line.startsWith("data: ")) events.add(JSON.readTree(line.substring("data: ".length())));
    }
    return events;
  }

  private static JsonNode rpc(String authorization, String body) throws Exception {
    return rpc("acme", authorization, body);
  }

  private static JsonNode rpc(String tenant, String authorization, String body) throws Exception {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(endpoint(tenant))
        .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json")
        .header("Authorization", authorization).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode(), response.body());
    return JSON.readTree(response.body());
  }

  private static URI endpoint(String tenant) {
    return URI.create("http://127.0.0.1:" + node.httpPort() + "/v1/a2a/" + tenant);
  }
}
