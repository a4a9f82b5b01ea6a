package io.parley.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.core.llm.testing.FakeChatCompletionsServer;
import io.parley.persistence.testing.TestPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the embeddable chat widget uses of a node, over real HTTP and WebSockets on one node with a
 * fake model: its public appearance, read with the tenant's publishable key.
 */
class WidgetEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  static final String ACME_KEY = "pk_acme_widget_key";
  static final String GLOBEX_KEY = "pk_globex_widget_key";
  static final String ACME_SITE = "https://www.acme.example";
  private static FakeChatCompletionsServer model;
  private static ParleyNode node;

  @BeforeAll
  static void start() throws Exception {
    model = FakeChatCompletionsServer.start(FakeChatCompletionsServer::echo);
    ObjectNode tenants = (ObjectNode) JSON.readTree(TestIdentity.tenantsJson());
    ((ObjectNode) tenants.get("acme")).put("publishableKey", ACME_KEY).putArray("allowedOrigins").add(ACME_SITE);
    ((ObjectNode) tenants.get("globex")).put("publishableKey", GLOBEX_KEY);
    node = ParleyNode.start(TestNode.config(TestPostgres.newDatabase(), Optional.of(model.baseUrl()),
        Map.of("parley.identity.tenants", tenants.toString())));
  }

  @AfterAll
  static void stop() {
    node.close();
    model.close();
  }

  @Test
  void theWidgetReadsThePublishedAppearanceWithThePublishableKeyAndNothingPrivate() throws Exception {
    HttpResponse<String> before = get("/v1/widget/config?key=" + GLOBEX_KEY);
    assertEquals(200, before.statusCode(), before.body());
    assertEquals(JSON.readTree("{\"voice\": true}"), JSON.readTree(before.body()), "nothing published: the widget's defaults, on a node with voice");

    String document = "{\"assistantName\": \"Ava\", \"instructions\": \"Secret discount code SPRING.\","
        + " \"webhookUrl\": \"https://hooks.acme.example/parley\", \"greeting\": \"Acme Lamps on the phone\","
        + " \"widget\": {\"avatarUrl\": \"https://cdn.acme.example/ava.png\", \"accentColor\": \"#0a84ff\","
        + " \"position\": \"bottom-left\", \"greeting\": \"Hi! Ask me about lamps.\", \"launcherText\": \"Chat\","
        + " \"language\": \"de\"}}";
    HttpResponse<String> published = TestIdentity.asAdmin(node.httpPort(), "PUT", "/v1/config?tenant=acme",
        "{\"config\": " + document + ", \"message\": \"the widget\"}");
    assertEquals(200, published.statusCode(), published.body());

    HttpResponse<String> config = get("/v1/widget/config?tenant=acme&key=" + ACME_KEY);
    assertEquals(200, config.statusCode(), config.body());
    assertEquals(JSON.readTree("{\"name\": \"Ava\", \"avatarUrl\": \"https://cdn.acme.example/ava.png\","
        + " \"accentColor\": \"#0a84ff\", \"position\": \"bottom-left\", \"greeting\": \"Hi! Ask me about lamps.\","
        + " \"launcherText\": \"Chat\", \"language\": \"de\", \"voice\": true}"), JSON.readTree(config.body()));
    assertFalse(config.body().contains("SPRING") || config.body().contains("hooks"), "no private setting");
    assertEquals(Optional.of("max-age=60"), config.headers().firstValue("Cache-Control"));
    String etag = config.headers().firstValue("ETag").orElseThrow();
    assertEquals(config.body(), get("/v1/widget/config?key=" + ACME_KEY).body(), "the key alone names the tenant");

    HttpResponse<String> unchanged = send(HttpRequest.newBuilder(uri("/v1/widget/config?key=" + ACME_KEY))
        .header("If-None-Match", etag));
    assertEquals(304, unchanged.statusCode());
    assertEquals(Optional.of(etag), unchanged.headers().firstValue("ETag"));
    assertEquals("", unchanged.body());

    TestIdentity.asAdmin(node.httpPort(), "PUT", "/v1/config?tenant=acme",
        "{\"config\": {\"assistantName\": \"Ava\", \"widget\": {\"accentColor\": \"#ff0000\"}}}");
    HttpResponse<String> changed = send(HttpRequest.newBuilder(uri("/v1/widget/config?key=" + ACME_KEY))
        .header("If-None-Match", etag));
    assertEquals(200, changed.statusCode(), "a new version is a new ETag");
    assertEquals("#ff0000", JSON.readTree(changed.body()).get("accentColor").asText());
  }

  @Test
  void anUnknownKeyOrTenantIsRefusedNamingWhatIsWrong() throws Exception {
    assertError(get("/v1/widget/config?key=pk_nobody"), 401, "unauthorized", "unknown publishable key");
    assertError(get("/v1/widget/config?tenant=nobody&key=" + ACME_KEY), 404, "not_found", "no tenant 'nobody'");
    assertError(get("/v1/widget/config?tenant=acme"), 401, "unauthorized", "tenant 'acme' needs a credential");
    assertError(get("/v1/widget/config?tenant=globex&key=" + ACME_KEY), 403, "forbidden", "globex");

    HttpResponse<String> invalid = TestIdentity.asAdmin(node.httpPort(), "PUT", "/v1/config?tenant=globex",
        "{\"config\": {\"widget\": {\"position\": \"top\", \"accentColor\": \"blue\"}}}");
    assertEquals(400, invalid.statusCode(), invalid.body());
    List<String> problems = new java.util.ArrayList<>();
    JSON.readTree(invalid.body()).get("error").get("problems").forEach(problem -> problems.add(problem.asText()));
    assertEquals(2, problems.size(), problems.toString());
    assertTrue(problems.stream().anyMatch(p -> p.startsWith("widget.position:"))
        && problems.stream().anyMatch(p -> p.startsWith("widget.accentColor:")), problems.toString());
  }

  private static void assertError(HttpResponse<String> response, int status, String code, String says) throws Exception {
    assertEquals(status, response.statusCode(), response.body());
    JsonNode error = JSON.readTree(response.body()).get("error");
    assertEquals(code, error.get("code").asText(), response.body());
    assertTrue(error.get("message").asText().contains(says), response.body());
  }

  static HttpResponse<String> get(String path) throws Exception {
    return send(HttpRequest.newBuilder(uri(path)));
  }

  static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  static URI uri(String path) {
    return URI.create("http://127.0.0.1:" + node.httpPort() + path);
  }
}
