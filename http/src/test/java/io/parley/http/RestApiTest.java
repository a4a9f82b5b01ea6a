package io.parley.http;

import static io.parley.core.testing.Awaiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.core.llm.testing.FakeChatCompletionsServer;
import io.parley.core.llm.testing.Reply;
import io.parley.core.session.MessageRules;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The REST endpoints of PROTOCOL.md, health, metrics, OpenAPI and the web page, over real HTTP. */
class RestApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  @RegisterExtension
  static final RunningNode node = RunningNode.withModel(FakeChatCompletionsServer::start);

  @Test
  void sessionLifecycleOverRest() throws Exception {
    int modelCallsBefore = node.model().requestCount();
    HttpResponse<String> created = call("POST", "/v1/sessions?tenant=acme", "{\"userId\":\"u-7\"}");
    assertEquals(201, created.statusCode());
    String id = JSON.readTree(created.body()).get("sessionId").asText();
    assertTrue(created.headers().firstValue("Location").orElseThrow().contains(id));

    HttpResponse<String> answered = call("POST", "/v1/sessions/" + id + "/messages?tenant=acme",
        "{\"clientMsgId\":\"r-1\",\"text\":\"What are your opening hours?\"}");
    assertEquals(200, answered.statusCode(), answered.body());
    JsonNode answer = JSON.readTree(answered.body());
    assertEquals("assistant", answer.get("role").asText());
    assertEquals("You said: What are your opening hours?", answer.get("text").asText());

    HttpResponse<String> retried = call("POST", "/v1/sessions/" + id + "/messages?tenant=acme",
        "{\"clientMsgId\":\"r-1\",\"text\":\"What are your opening hours?\"}");
    assertEquals(answer, JSON.readTree(retried.body()), "a retry returns the first answer");
    assertEquals(1, node.model().requestCount() - modelCallsBefore);

    JsonNode session = JSON.readTree(call("GET", "/v1/sessions/" + id + "?tenant=acme", null).body());
    assertEquals("open", session.get("status").asText());
    assertEquals("u-7", session.get("userId").asText());
    assertEquals("chat", session.get("channel").asText());
    assertEquals(2, session.get("messages").size());

    assertEquals(404, call("GET", "/v1/sessions/" + id + "?tenant=globex", null).statusCode(), "tenant isolation");

    HttpResponse<String> closed = call("DELETE", "/v1/sessions/" + id + "?tenant=acme", null);
    assertEquals(200, closed.statusCode());
    String status = JSON.readTree(call("GET", "/v1/sessions/" + id + "?tenant=acme", null).body()).get("status").asText();
    assertTrue(status.equals("closed") || status.equals("archived"), status);
    HttpResponse<String> afterClose = call("POST", "/v1/sessions/" + id + "/messages?tenant=acme",
        "{\"clientMsgId\":\"r-2\",\"text\":\"one more\"}");
    assertEquals(400, afterClose.statusCode());
    assertEquals("bad_request", JSON.readTree(afterClose.body()).get("error").get("code").asText());

    JsonNode archived = await("the session archived").atMost(Duration.ofSeconds(15))
        .until(() -> JSON.readTree(call("GET", "/v1/sessions/" + id + "?tenant=acme", null).body()),
            now -> now.get("status").asText().equals("archived"))
        .get("archived");
    assertEquals("local", archived.get("location").asText(), "the node's own directory is not shown: " + archived);
  }

  @Test
  void badRequestsGetJsonErrors() throws Exception {
    assertError(call("GET", "/v1/sessions/not-a-uuid", null), 400, "bad_request");
    assertError(call("GET", "/v1/sessions/6f1c0c7e-5b1d-4c1e-9a57-0c2b9f0e8a11", null), 404, "not_found");
    assertError(call("POST", "/v1/sessions?tenant=Bad_Tenant", "{}"), 400, "bad_request");
    assertError(call("POST", "/v1/sessions", "[1,2"), 400, "bad_request");
    assertError(call("GET", "/v1/nothing-here", null), 404, "not_found");
    String id = JSON.readTree(call("POST", "/v1/sessions", "").body()).get("sessionId").asText();
    assertError(call("POST", "/v1/sessions/" + id + "/messages", "{\"text\":\"hi\"}"), 400, "bad_request");
    assertError(call("POST", "/v1/sessions/" + id + "/messages",
        "{\"clientMsgId\":\"x\",\"text\":\"" + "a".repeat(16 * 1024 + 1) + "\"}"), 413, "too_large");
    assertError(call("POST", "/v1/sessions/" + id + "/messages", "{\"clientMsgId\":\"x\",\"text\":\"\\udc00\"}"),
        400, "bad_request");
    assertError(call("POST", "/v1/sessions", "{\"userId\":\"\\ud800\"}"), 400, "bad_request");
    assertError(call("POST", "/v1/sessions", "{\"channel\":\"fax\"}"), 400, "bad_request");
    String longUserId = "u".repeat(MessageRules.MAX_ID_LENGTH + 1);
    assertError(call("GET", "/v1/users/" + longUserId + "/memory", null), 400, "bad_request");
    assertError(call("GET", "/v1/users/" + longUserId + "/export", null), 400, "bad_request");
    assertError(call("GET", "/v1/users/%20ada/memory", null), 400, "bad_request");
  }

  @Test
  void aPhoneSessionIsRefusedOnRestAsOnTheSocket() throws Exception {
    HttpResponse<String> rest = TestIdentity.call(node.httpPort(), "POST", "/v1/sessions", null, "{\"channel\":\"phone\"}");
    assertError(rest, 400, "bad_request");
    JsonNode restError = JSON.readTree(rest.body()).get("error");
    try (ChatClient socket = ChatClient.connect(node.httpPort(), "demo")) {
      socket.send(ChatClient.frame("start").put("channel", "phone"));
      JsonNode socketError = socket.expect("error");
      assertEquals(socketError.get("code").asText(), restError.get("code").asText());
      assertEquals(socketError.get("message").asText(), restError.get("message").asText());
    }
    assertEquals("a web page cannot start a phone session", restError.get("message").asText());
    assertEquals(201, TestIdentity.call(node.httpPort(), "POST", "/v1/sessions", null, "{\"channel\":\"voice\"}")
        .statusCode());
  }

  @Test
  void aFailingModelStillAnswersWithAnApology() throws Exception {
    node.model().enqueue(Reply.error(503, "overloaded"), Reply.error(503, "overloaded"), Reply.error(503, "overloaded"));
    String id = JSON.readTree(call("POST", "/v1/sessions", "").body()).get("sessionId").asText();
    HttpResponse<String> answered = call("POST", "/v1/sessions/" + id + "/messages",
        "{\"clientMsgId\":\"f-1\",\"text\":\"I want a refund\"}");
    assertEquals(200, answered.statusCode());
    assertTrue(JSON.readTree(answered.body()).get("text").asText().startsWith("Sorry"),
        "the user gets a clear apology, never silence: " + answered.body());
    String metrics = call("GET", "/metrics", null).body();
    assertTrue(metrics.lines().anyMatch(line -> line.startsWith("parley_llm_errors_total{")
        && line.contains("provider=\"test-model\"")), metrics);
  }

  @Test
  void operationsEndpoints() throws Exception {
    assertEquals(200, call("GET", "/health/live", null).statusCode());
    HttpResponse<String> ready = call("GET", "/health/ready", null);
    assertEquals(200, ready.statusCode(), ready.body());
    assertEquals("reachable", JSON.readTree(ready.body()).get("journal").asText());
    assertEquals("llm", JSON.readTree(ready.body()).get("mode").asText(), "the README says readiness shows the mode");

    String id = JSON.readTree(call("POST", "/v1/sessions", "").body()).get("sessionId").asText();
    call("POST", "/v1/sessions/" + id + "/messages", "{\"clientMsgId\":\"m-1\",\"text\":\"hi\"}");
    String metrics = call("GET", "/metrics", null).body();
    assertTrue(metrics.contains("parley_messages_total{role=\"user\",tenant=\"demo\"}"), metrics);
    assertTrue(metrics.contains("parley_sessions_active"), metrics);
    assertTrue(metrics.contains("parley_turn_latency_seconds_bucket"), metrics);
    assertTrue(metrics.contains("parley_time_to_first_token_seconds_count"), metrics);
    assertTrue(metrics.contains("parley_llm_tokens_total{kind=\"completion\",provider=\"test-model\"}"), metrics);

    JsonNode openapi = JSON.readTree(call("GET", "/v1/openapi.json", null).body());
    assertEquals("3.0.3", openapi.get("openapi").asText());
    for (String path : new String[] {"/v1/sessions", "/v1/sessions/{sessionId}", "/v1/sessions/{sessionId}/messages",
        "/v1/users/{userId}/memory", "/v1/users/{userId}/export", "/v1/users/{userId}", "/v1/workflows/{workflowId}", "/v1/conversations", "/v1/conversations/{sessionId}",
        "/v1/conversations/{sessionId}/tags/{tag}", "/v1/conversations/export", "/v1/analytics", "/v1/webhooks/deliveries",
        "/v1/webhooks/deliveries/{deliveryId}/redeliver", "/health/live", "/health/ready", "/metrics"}) {
      assertTrue(openapi.get("paths").has(path), "OpenAPI describes " + path);
    }

    HttpResponse<String> page = call("GET", "/", null);
    assertEquals(200, page.statusCode());
    assertTrue(page.headers().firstValue("Content-Type").orElseThrow().startsWith("text/html"));
    assertTrue(page.body().contains("chat.js"));
    assertEquals(200, call("GET", "/chat.js", null).statusCode());
    assertTrue(call("GET", "/health/live", null).headers().firstValue("X-Request-Id").isPresent());
  }

  @Test
  void metricsServeTheNamesAndTypesTheDocsList() throws Exception {
    Pattern row = Pattern.compile("(?m)^\\| `(parley_\\w+)` \\| (counter|gauge|histogram) \\| ([^|]*) \\|");
    String operations = Files.readString(Path.of("..", "docs", "operations.md"));
    String table = operations.substring(operations.indexOf("## Metrics"), operations.indexOf("## Logs"));
    Map<String, String> documented = new TreeMap<>();
    Map<String, String> unlabelled = new TreeMap<>();
    Matcher each = row.matcher(table);
    while (each.find()) {
      documented.put(each.group(1), each.group(2));
      if (each.group(3).equals("none")) unlabelled.put(each.group(1), each.group(2));
    }
    StringBuilder docs = new StringBuilder();
    try (Stream<Path> files = Files.list(Path.of("..", "docs"))) {
      for (Path file : files.filter(path -> path.toString().endsWith(".md")).toList()) docs.append(Files.readString(file));
    }
    Matcher tables = row.matcher(docs);
    while (tables.find()) documented.put(tables.group(1), tables.group(2));
    assertTrue(unlabelled.size() > 8, "the table was read: " + unlabelled);

    String metrics = call("GET", "/metrics", null).body();
    Map<String, String> served = new TreeMap<>();
    Matcher type = Pattern.compile("(?m)^# TYPE (parley_\\w+) (\\w+)$").matcher(metrics);
    while (type.find()) served.put(type.group(1), type.group(2));
    // A metric with labels is served from its first series on; one without is served from the start.
    unlabelled.forEach((name, kind) -> assertEquals(kind, served.get(name), name + " in " + metrics));
    served.forEach((name, kind) -> {
      assertTrue(docs.indexOf("`" + name) >= 0, name + " is named in docs/");
      if (documented.containsKey(name)) assertEquals(documented.get(name), kind, name + "'s type in docs/");
    });
    assertFalse(metrics.contains("_created"), "no *_created series: " + metrics);
  }

  private static void assertError(HttpResponse<String> response, int status, String code) throws IOException {
    assertEquals(status, response.statusCode(), response.body());
    assertEquals(code, JSON.readTree(response.body()).get("error").get("code").asText(), response.body());
  }

  private static HttpResponse<String> call(String method, String path, String body) throws Exception {
    HttpRequest.Builder request = TestIdentity.authorized(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort() + path)), path)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) request.header("Content-Type", "application/json");
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
