package io.parley.http;

import static io.parley.core.testing.Awaiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.core.llm.PromptMessage;
import io.parley.core.llm.ToolCall;
import io.parley.core.llm.testing.FakeChatCompletionsServer;
import io.parley.core.llm.testing.RecordedRequest;
import io.parley.core.llm.testing.Reply;
import io.parley.core.signing.BodySignature;
import io.parley.core.testing.ScriptedHttpServer;
import io.parley.core.testing.ScriptedHttpServer.Response;
import io.parley.persistence.testing.TestH2;
import java.net.InetAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A company's own tools in its bot configuration, on a real node (H2 in a directory of its own, so
 * every byte it stores can be searched) with a fake model: an MCP server built with the MCP Java SDK
 * behind a bearer token and an HTTP tool signed with a secret. The draft adds them and its test
 * session uses them; once published, a customer's turn calls them; another tenant's model requests
 * never offer them; the secrets are never read back, logged or stored in the clear; and the
 * server's failures reach the customer as answers.
 */
class TenantToolsEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TOKEN = "mcp-token-7f3a9c";
  private static final String SIGNING_SECRET = "refund-secret-52d1";

  @TempDir Path dataDir;
  @AutoClose private JavaMcpServer orders;
  @AutoClose private ScriptedHttpServer refunds;
  @AutoClose private FakeChatCompletionsServer model;
  @AutoClose private ParleyNode node;
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

  @BeforeEach
  void start() throws Exception {
    logs.start();
    root.addAppender(logs);
    orders = JavaMcpServer.withToken(TOKEN);
    refunds = ScriptedHttpServer.start(Response.json(200, "{\"refund\":\"R-7\",\"status\":\"paid\",\"summary\":\"R-7 paid\"}"));
    model = FakeChatCompletionsServer.start(TenantToolsEndToEndTest::answerFromLastResult);
    node = ParleyNode.start(TestNode.config(TestH2.migratedIn(dataDir), Optional.of(model.baseUrl()), Map.of(
        "parley.tools.result-max-chars", 1000)));
  }

  @AfterEach
  void detachLogs() {
    root.detachAppender(logs);
  }

  @Test
  void theDraftTriesTheToolsThePublishedVersionRunsThemAndAnotherTenantNeverSeesThem() throws Exception {
    HttpResponse<String> saved = admin("acme", "PUT", "/v1/config/draft", "{\"config\": " + tools(TOKEN) + "}");
    assertEquals(200, saved.statusCode(), saved.body());
    JsonNode shown = JSON.readTree(saved.body()).get("config");
    assertEquals(JSON.readTree("{\"set\": true}"), shown.at("/mcpServers/0/auth/token"));
    assertEquals(JSON.readTree("{\"set\": true}"), shown.at("/httpTools/0/secret"));
    assertFalse(shown.at("/mcpServers/0").has("listed"), "the listing is the node's, not the admin's document");

    String testSession = JSON.readTree(admin("acme", "POST", "/v1/sessions", "{\"draft\": true}").body())
        .get("sessionId").asText();
    model.enqueue(Reply.toolCalls(new ToolCall("call-1", "orders_order_status", "{\"order\":\"A1042\"}")));
    JsonNode answer = JSON.readTree(admin("acme", "POST", "/v1/sessions/" + testSession + "/messages",
        "{\"clientMsgId\": \"t-1\", \"text\": \"Where is A1042?\"}").body());
    assertTrue(answer.get("text").asText().contains("Order A1042 has shipped with DHL"), answer.toString());
    RecordedRequest asked = model.requests().get(model.requestCount() - 2);
    assertTrue(asked.toolNames().containsAll(List.of("orders_order_status", "orders_slow", "orders_long_text",
        "refund_status", "kb_search")), asked.toolNames().toString());
    String description = asked.tools().stream().filter(tool -> tool.name().equals("orders_order_status")).findFirst()
        .orElseThrow().description();
    assertTrue(description.startsWith("<<<DATA from orders (MCP server)>>>") && description.contains("Where a customer's order is"),
        "the server's description is fenced as data: " + description);
    assertEquals("Bearer " + TOKEN, orders.authorizations().get(0));
    Map<String, Object> meta = orders.callMetas().getLast();
    assertTrue(String.valueOf(meta.get("io.parley/idempotency-key")).endsWith("/call-1"), "a 2025 server's _meta: " + meta);
    assertFalse(meta.containsKey("traceparent"), "no trace is sent where the node traces nothing: " + meta);

    // Published without the secrets: the draft's are kept, as the entries and URLs are the same.
    assertEquals(200, admin("acme", "PUT", "/v1/config", "{\"config\": " + tools(null) + "}").statusCode());
    String version = admin("acme", "GET", "/v1/config", null).body();
    assertFalse(version.contains(TOKEN) || version.contains(SIGNING_SECRET), version);

    try (ChatClient customer = ChatClient.connect(node.httpPort(), "acme")) {
      customer.startNew();
      model.enqueue(Reply.toolCalls(new ToolCall("call-1", "refund_status", "{\"refund\":\"R-7\"}")));
      customer.say("c-1", "Has my refund been paid?");
      assertTrue(customer.answerOf("turn-1").get("text").asText().contains("R-7 paid"));
      ScriptedHttpServer.Request call = refunds.requests().get(0);
      assertEquals(BodySignature.of(SIGNING_SECRET, call.body()), call.header(BodySignature.HEADER).orElseThrow());
      assertEquals("acme", JSON.readTree(call.body()).get("tenant").asText());

      model.enqueue(Reply.toolCalls(new ToolCall("call-2", "orders_long_text", "{\"chars\": 5000}")));
      customer.say("c-2", "Tell me everything");
      customer.answerOf("turn-3");
      String cut = model.lastRequest().toolResult("call-2").orElseThrow();
      assertTrue(cut.contains("x".repeat(1000)) && !cut.contains("x".repeat(1001)), "cut at 1000 characters");
      assertTrue(cut.contains("[The result was cut here: it was longer than 1000 characters"), cut);

      model.enqueue(Reply.toolCalls(new ToolCall("call-3", "orders_broken", "{}")));
      customer.say("c-3", "And my other order?");
      assertTrue(customer.answerOf("turn-5").get("text").asText()
          .contains("orders_broken failed: the order system is down"), "the customer still gets an answer");
      customer.send(ChatClient.frame("close").put("reason", "resolved"));
      customer.expect("closed");
    }

    try (ChatClient other = ChatClient.connect(node.httpPort(), "globex")) {
      other.startNew();
      int before = model.requestCount();
      model.enqueue(Reply.toolCalls(new ToolCall("call-1", "refund_status", "{\"refund\":\"R-7\"}")));
      String refused = other.answerOf(other.say("c-1", "Where is A1042?").get("turnId").asText()).get("text").asText();
      assertTrue(refused.contains("there is no tool named 'refund_status'"), "nor may it call them: " + refused);
      assertEquals(1, refunds.requestCount(), "acme's one call, no other");
      for (RecordedRequest request : model.requests().subList(before, model.requestCount())) {
        assertTrue(request.toolNames().stream().noneMatch(name -> name.startsWith("orders_") || name.equals("refund_status")),
            "another tenant is never offered acme's tools: " + request.toolNames());
        assertFalse(request.body().toString().contains("order_status"), request.body().toString());
      }
    }
    assertEquals(404, admin("globex", "GET", "/v1/config", null).statusCode(), "nor reads acme's configuration");

    assertSecretsNowhere();
  }

  @Test
  void aServerThatAddsAToolIsListedAgainAndASlowOneTimesOut() throws Exception {
    HttpResponse<String> early = admin("initech", "PUT", "/v1/config", "{\"config\": {\"mcpServers\": [{\"name\": \"orders\","
        + " \"url\": \"" + orders.url() + "\", \"auth\": {\"type\": \"bearer\", \"token\": \"" + TOKEN + "\"},"
        + " \"tools\": [{\"name\": \"slow\", \"timeoutMs\": 500}, {\"name\": \"gift_cards\"}]}]}}");
    assertEquals(400, early.statusCode(), early.body());
    assertTrue(problems(early).get(0).startsWith("mcpServers[0].tools[1].name: the server lists no tool named gift_cards"),
        early.body());
    assertEquals(404, admin("initech", "GET", "/v1/config", null).statusCode(), "nothing saved");

    assertEquals(200, admin("initech", "PUT", "/v1/config", "{\"config\": {\"mcpServers\": [{\"name\": \"orders\","
        + " \"url\": \"" + orders.url() + "\", \"auth\": {\"type\": \"bearer\", \"token\": \"" + TOKEN + "\"}}]}}")
        .statusCode());
    orders.addTool("gift_cards", "The balance of a gift card", "the card holds 25 EUR");
    try (ChatClient customer = ChatClient.connect(node.httpPort(), "initech")) {
      customer.startNew();
      await("the new tool offered after the server said its list changed").atMost(Duration.ofSeconds(20)).until(() -> {
        int before = model.requestCount();
        customer.answerOf(customer.say("c-" + before, "What's new?").get("turnId").asText());
        return model.requests().get(before).toolNames().contains("orders_gift_cards");
      });

      model.enqueue(Reply.toolCalls(new ToolCall("call-slow", "orders_slow", "{\"ms\": 8000}")));
      JsonNode said = customer.say("c-slow", "Take your time");
      String result = customer.answerOf(said.get("turnId").asText()).get("text").asText();
      assertTrue(result.contains("orders_slow did not answer within 5000 ms"), result);
    }
  }

  @Test
  void aServerThatRefusesOrDiesMidCallFailsTheCallAndTheCustomerGetsAnAnswer() throws Exception {
    assertEquals(200, admin("initech", "PUT", "/v1/config", "{\"config\": {\"mcpServers\": [{\"name\": \"orders\","
        + " \"url\": \"" + orders.url() + "\", \"auth\": {\"type\": \"bearer\", \"token\": \"" + TOKEN + "\"}}]}}")
        .statusCode());
    try (ChatClient customer = ChatClient.connect(node.httpPort(), "initech")) {
      customer.startNew();
      model.enqueue(Reply.toolCalls(new ToolCall("call-1", "orders_refusing", "{}")));
      customer.say("c-1", "Is U-1 yours?");
      String refused = customer.answerOf("turn-1").get("text").asText();
      assertTrue(refused.contains("orders_refusing refused the call (that order is not one of ours)")
          && refused.contains("\"retryable\":false"), refused);

      model.enqueue(Reply.toolCalls(new ToolCall("call-2", "orders_dying", "{}")));
      long asked = System.nanoTime();
      customer.say("c-2", "And now?");
      String lost = customer.answerOf("turn-3").get("text").asText();
      assertTrue(lost.contains("orders_dying could not be reached") && lost.contains("\"retryable\":true"), lost);
      assertTrue(System.nanoTime() - asked < 4_000_000_000L, "failed as the server went, not at the tool's timeout");
    }
    String metrics = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
        java.net.URI.create("http://127.0.0.1:" + node.httpPort() + "/metrics")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    assertTrue(metrics.contains("parley_circuit_breaker_state{dependency=\"mcp:initech/orders\"}"),
        "the tenant's own breaker of the server");
  }

  @Test
  void badEntriesAreEachNamedAndNothingIsSaved() throws Exception {
    HttpResponse<String> refused = admin("acme", "PUT", "/v1/config", "{\"config\": {"
        + "\"httpTools\": [{\"name\": \"kb_search\", \"description\": \"Clash\", \"url\": \"" + refunds.url("/r") + "\","
        + " \"parameters\": {\"type\": \"string\"}},"
        + " {\"name\": \"refund_status\", \"description\": \"Twice\", \"url\": \"ftp://refunds.example\", \"parameters\": {\"type\": \"object\"}},"
        + " {\"name\": \"refund_status\", \"description\": \"Twice\", \"url\": \"" + refunds.url("/r") + "\", \"parameters\": {\"type\": \"object\"}}],"
        + "\"mcpServers\": [{\"name\": \"dead\", \"url\": \"http://127.0.0.1:9/mcp\"}, {\"name\": \"orders\", \"url\": \""
        + orders.url() + "\", \"auth\": {\"type\": \"bearer\"}}, {\"name\": \"x\", \"url\": \"" + orders.url() + "\", \"color\": 1}]}}");
    assertEquals(400, refused.statusCode(), refused.body());
    List<String> problems = problems(refused);
    assertEquals(List.of(
        "httpTools[0].name: kb_search is the name of one of the node's tools (create_ticket, do_not_call, escalate, fetch_status, kb_search, press_keys)",
        "httpTools[0].parameters: must be the JSON schema of the arguments, an object schema such as {\"type\": \"object\", \"properties\": {...}}",
        "httpTools[1].url: must be an http:// or https:// URL with a host, without a user name, password or fragment, got ftp://refunds.example",
        "httpTools[2].name: refund_status is named twice",
        "mcpServers[1].auth.token: required",
        "mcpServers[2].color: not a field (known: name, url, auth, tools, approval)"), problems);

    HttpResponse<String> unreachable = admin("acme", "PUT", "/v1/config/draft", "{\"config\": {\"mcpServers\": ["
        + "{\"name\": \"dead\", \"url\": \"http://127.0.0.1:9/mcp\"},"
        + "{\"name\": \"orders\", \"url\": \"" + orders.url() + "\", \"auth\": {\"type\": \"bearer\", \"token\": \"wrong\"}}]}}");
    assertEquals(400, unreachable.statusCode(), unreachable.body());
    List<String> listed = problems(unreachable);
    assertEquals(2, listed.size(), listed.toString());
    assertTrue(listed.get(0).startsWith("mcpServers[0]: could not list the tools of http://127.0.0.1:9/mcp: "), listed.get(0));
    assertTrue(listed.get(1).startsWith("mcpServers[1]: could not list the tools of " + orders.url() + ": ")
        && listed.get(1).contains("HTTP 401"), listed.get(1));
    assertFalse(unreachable.body().contains("wrong"), "a secret is never quoted");
    assertEquals(404, admin("acme", "GET", "/v1/config", null).statusCode(), "nothing published");
    assertEquals(404, admin("acme", "GET", "/v1/config/draft", null).statusCode(), "nothing saved");
  }

  @Test
  void aServerBehindOAuthGetsATokenByTheClientsCredentials() throws Exception {
    // Its Netty server: the default one is OkHttp 4's MockWebServer, which the node's OkHttp 5 displaces.
    MockOAuth2Server provider = new MockOAuth2Server(OAuth2Config.Companion.fromJson("{\"httpServer\": \"NettyWrapper\"}"));
    provider.start(InetAddress.getLoopbackAddress(), 0);
    try (JavaMcpServer billing = JavaMcpServer.authorizing(value -> value != null && value.startsWith("Bearer ey"))) {
      HttpResponse<String> saved = admin("umbrella", "PUT", "/v1/config", "{\"config\": {\"mcpServers\": [{\"name\":"
          + " \"billing\", \"url\": \"" + billing.url() + "\", \"auth\": {\"type\": \"oauth\", \"tokenUrl\": \""
          + provider.tokenEndpointUrl("shop") + "\", \"clientId\": \"parley\", \"clientSecret\": \"" + SIGNING_SECRET
          + "\", \"scope\": \"tools\"}, \"tools\": [{\"name\": \"order_status\"}]}]}}");
      assertEquals(200, saved.statusCode(), saved.body());
      assertEquals(JSON.readTree("{\"set\": true}"), JSON.readTree(saved.body()).at("/config/mcpServers/0/auth/clientSecret"));
      // The server answers nothing but a token of the provider's (a JWT): listing it took one.
      assertTrue(!billing.authorizations().isEmpty()
          && billing.authorizations().stream().allMatch(value -> value.startsWith("Bearer ey")), "the token, every request");

      try (ChatClient customer = ChatClient.connect(node.httpPort(), "umbrella")) {
        customer.startNew();
        model.enqueue(Reply.toolCalls(new ToolCall("call-1", "billing_order_status", "{\"order\":\"U-9\"}")));
        customer.say("c-1", "Where is U-9?");
        assertTrue(customer.answerOf("turn-1").get("text").asText().contains("Order U-9 has shipped with DHL"));
      }
    } finally {
      provider.shutdown();
    }
  }

  /** Every GET of the configuration, the log, and every byte the node stored (journal, archive) lack the secrets. */
  private void assertSecretsNowhere() throws Exception {
    for (String path : List.of("/v1/config", "/v1/config/versions", "/v1/config/versions/1", "/v1/config/diff?from=1&to=1")) {
      String body = admin("acme", "GET", path, null).body();
      assertFalse(body.contains(TOKEN) || body.contains(SIGNING_SECRET), path + ": " + body);
    }
    for (ILoggingEvent event : logs.list) {
      String line = event.getFormattedMessage() + (event.getThrowableProxy() == null ? "" : event.getThrowableProxy().getMessage());
      assertFalse(line.contains(TOKEN) || line.contains(SIGNING_SECRET), line);
    }
    await("the closed session's archive document").atMost(Duration.ofSeconds(20)).until(() -> {
      try (Stream<Path> files = Files.walk(dataDir)) {
        return files.anyMatch(file -> file.toString().endsWith(".json"));
      }
    });
    node.close();
    try (Stream<Path> files = Files.walk(dataDir)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        String bytes = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        assertFalse(bytes.contains(TOKEN) || bytes.contains(SIGNING_SECRET), "stored in the clear in " + file);
      }
    }
    node = ParleyNode.start(TestNode.config(TestH2.migratedIn(dataDir), Optional.of(model.baseUrl()), Map.of()));
  }

  /** The document of acme's tools, with its secrets, or without them ({@code token} null: kept). */
  private String tools(String token) {
    String auth = token == null ? "" : ", \"auth\": {\"type\": \"bearer\", \"token\": \"" + token + "\"}";
    String secret = token == null ? "" : ", \"secret\": \"" + SIGNING_SECRET + "\"";
    return "{\"mcpServers\": [{\"name\": \"orders\", \"url\": \"" + orders.url() + "\"" + auth + "}],"
        + "\"httpTools\": [{\"name\": \"refund_status\", \"description\": \"Whether a refund was paid\","
        + " \"url\": \"" + refunds.url("/refunds") + "\", \"idempotent\": true" + secret + ","
        + " \"parameters\": {\"type\": \"object\", \"properties\": {\"refund\": {\"type\": \"string\"}}, \"required\": [\"refund\"]}}]}";
  }

  private HttpResponse<String> admin(String tenant, String method, String path, String body) throws Exception {
    String separator = path.contains("?") ? "&" : "?";
    return TestIdentity.asAdmin(node.httpPort(), method, path + separator + "tenant=" + tenant, body);
  }

  private static List<String> problems(HttpResponse<String> refused) throws Exception {
    return JSON.convertValue(JSON.readTree(refused.body()).get("error").get("problems"),
        JSON.getTypeFactory().constructCollectionType(List.class, String.class));
  }

  /** The model's answer after a tool round: the last result's text, as the fence holds it. */
  static String answerFromLastResult(RecordedRequest request) {
    List<PromptMessage> results = request.toolResults();
    if (results.isEmpty()) return FakeChatCompletionsServer.echo(request);
    String fenced = results.get(results.size() - 1).content();
    return "From our records: " + fenced.substring(fenced.indexOf('\n') + 1, fenced.lastIndexOf('\n'));
  }
}
