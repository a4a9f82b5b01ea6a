package io.parley.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.core.llm.testing.FakeChatCompletionsServer;
import io.parley.core.llm.testing.Reply;
import io.parley.persistence.testing.TestH2;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A node configured with PARLEY_LLM_PROVIDERS, over REST: a failing first provider hands the
 * answer to the second; with both down the customer gets the offline apology; breakers and
 * per-provider counters are on /metrics.
 */
class LlmFailoverEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static FakeChatCompletionsServer first;
  private static FakeChatCompletionsServer second;
  private static ParleyNode node;

  @BeforeAll
  static void start() throws Exception {
    first = FakeChatCompletionsServer.start(request -> "first says: " + request.lastUserMessage());
    second = FakeChatCompletionsServer.start(request -> "second says: " + request.lastUserMessage());
    String providers = "[{\"name\":\"first\",\"baseUrl\":\"" + first.baseUrl() + "\",\"model\":\"m1\",\"apiKey\":\"k1\"},"
        + "{\"name\":\"second\",\"baseUrl\":\"" + second.baseUrl() + "\",\"model\":\"m2\"}]";
    node = ParleyNode.start(TestNode.config(TestH2.migratedIn(Files.createTempDirectory("parley-failover")),
        Optional.empty(), Map.of(
            "parley.llm.providers", providers,
            "parley.llm.max-attempts", 1,
            // Well above the failures these tests cause: each test expects closed breakers.
            "parley.resilience.breaker.max-failures", 10)));
  }

  @AfterAll
  static void stop() {
    if (node != null) node.close();
    first.close();
    second.close();
  }

  @Test
  void theFirstProviderAnswersWhileItIsUp() throws Exception {
    int secondCalls = second.requestCount();
    assertEquals("first says: hello", answer("hello"));
    assertEquals("Bearer k1", first.lastRequest().header("Authorization").orElseThrow());
    assertEquals("m1", first.lastRequest().model());
    assertEquals(secondCalls, second.requestCount());
  }

  @Test
  void aFailingFirstProviderHandsTheAnswerToTheSecond() throws Exception {
    first.enqueue(Reply.error(503, "overloaded"));
    assertEquals("second says: where is my order?", answer("where is my order?"));
    assertEquals("m2", second.lastRequest().model());
    String metrics = call("GET", "/metrics", null).body();
    assertTrue(metrics.contains("parley_llm_failovers_total{provider=\"first\",reason=\"server_error\"}"), metrics);
    assertTrue(metrics.contains("parley_llm_answers_total{provider=\"second\"}"), metrics);
  }

  @Test
  void withEveryProviderDownTheCustomerGetsTheApology() throws Exception {
    first.enqueue(Reply.error(503, "overloaded"));
    second.enqueue(Reply.error(401, "invalid api key"));
    String text = answer("I want a refund");
    assertTrue(text.startsWith("Sorry"), "a clear apology, never silence: " + text);
    String metrics = call("GET", "/metrics", null).body();
    assertTrue(metrics.contains("parley_llm_errors_total{kind=\"rejected\",provider=\"first>second\"}"), metrics);
  }

  @Test
  void aTenantsProviderOrderIsTheOnlyOneItsSessionsTry() throws Exception {
    HttpResponse<String> refused = call("PUT", "/v1/config?tenant=globex",
        "{\"config\": {\"model\": {\"providers\": [\"third\"]}}}");
    assertEquals(400, refused.statusCode());
    assertEquals("model.providers[0]: no provider is named \"third\" (known: first, second)",
        JSON.readTree(refused.body()).get("error").get("problems").get(0).asText());
    HttpResponse<String> published = call("PUT", "/v1/config?tenant=globex",
        "{\"config\": {\"model\": {\"providers\": [\"second\"]}}, \"message\": \"our own provider\"}");
    assertEquals(200, published.statusCode(), published.body());

    int firstCalls = first.requestCount();
    assertEquals("second says: hello", answer("hello", "globex"));
    assertEquals(firstCalls, first.requestCount(), "the tenant's sessions never try a provider it left out");
    second.enqueue(Reply.error(503, "overloaded"));
    assertTrue(answer("are you there?", "globex").startsWith("Sorry"), "no failover to a provider it left out");
    assertEquals(firstCalls, first.requestCount());
    assertEquals("first says: hello", answer("hello"), "other tenants keep the node's order");
  }

  @Test
  void everyProvidersBreakerIsOnTheMetricsPage() throws Exception {
    String metrics = call("GET", "/metrics", null).body();
    assertTrue(metrics.contains("parley_circuit_breaker_state{dependency=\"llm:first\"} 0.0"), metrics);
    assertTrue(metrics.contains("parley_circuit_breaker_state{dependency=\"llm:second\"} 0.0"), metrics);
    assertTrue(metrics.contains("parley_llm_answers_total{provider=\"first\"}"), metrics);
  }

  private static String answer(String text) throws Exception {
    return answer(text, "acme");
  }

  private static String answer(String text, String tenant) throws Exception {
    String id = JSON.readTree(call("POST", "/v1/sessions?tenant=" + tenant, "").body()).get("sessionId").asText();
    HttpResponse<String> answered = call("POST", "/v1/sessions/" + id + "/messages?tenant=" + tenant,
        "{\"clientMsgId\":\"" + UUID.randomUUID() + "\",\"text\":\"" + text + "\"}");
    assertEquals(200, answered.statusCode(), answered.body());
    return JSON.readTree(answered.body()).get("text").asText();
  }

  private static HttpResponse<String> call(String method, String path, String body) throws Exception {
    HttpRequest.Builder request = TestIdentity.authorized(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort() + path)), path)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) request.header("Content-Type", "application/json");
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
