package io.parley.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.persistence.testing.TestPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * New conversations per client address: over the chat socket (counted at the customer's first
 * message) and REST, a client past its minute's worth gets rate_limited with when to retry, while
 * resuming a conversation stays free and sessions nobody wrote in (pages that loaded the widget)
 * take nothing from it; behind a proxy, the address its header names is the client's.
 */
class SessionStartLimitTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private ParleyNode node;

  @AfterEach
  void stop() {
    node.close();
  }

  private void start(Map<String, Object> settings) {
    node = ParleyNode.start(TestNode.config(TestPostgres.newDatabase(), Optional.empty(), settings));
  }

  /** Page loads of acme's widget, each starting a conversation it leaves empty. */
  private void loadPages(int count) {
    for (int load = 0; load < count; load++) {
      try (ChatClient pageLoad = ChatClient.connect(node.httpPort(), "acme")) {
        pageLoad.startNew();
      }
    }
  }

  @Test
  void aClientPastItsStartsIsRefusedUntilLaterButMayResume() throws Exception {
    start(Map.of("parley.chat.session-starts-per-address", 3));
    loadPages(5);
    String first;
    try (ChatClient one = ChatClient.connect(node.httpPort(), "acme");
        ChatClient two = ChatClient.connect(node.httpPort(), "acme");
        ChatClient three = ChatClient.connect(node.httpPort(), "acme");
        ChatClient four = ChatClient.connect(node.httpPort(), "acme")) {
      first = one.startNew();
      one.say("m1", "Hello");
      two.startNew();
      two.say("m2", "Hello");
      three.startNew();
      three.say("m3", "Hello");
      four.startNew();
      ObjectNode message = ChatClient.frame("user").put("clientMsgId", "m4").put("text", "Hello");
      four.send(message);
      JsonNode refused = four.expect("error");
      assertEquals("rate_limited", refused.get("code").asText(), refused.toString());
      assertEquals("m4", refused.get("clientMsgId").asText(), "the first message is refused: " + refused);
      assertTrue(refused.get("retryAfterMs").asLong() > 0 && refused.get("retryAfterMs").asLong() <= 20_000, refused.toString());
    }
    try (ChatClient again = ChatClient.connect(node.httpPort(), "acme")) {
      assertEquals(first, again.resume(first, 0).get("sessionId").asText(), "resuming is not a new conversation");
    }
    HttpResponse<String> rest = TestIdentity.asAdmin(node.httpPort(), "POST", "/v1/sessions?tenant=acme", "{}");
    assertEquals(429, rest.statusCode(), rest.body());
    assertTrue(rest.headers().firstValue("Retry-After").isPresent());
    assertEquals("rate_limited", JSON.readTree(rest.body()).get("error").get("code").asText());
  }

  @Test
  void aFirstMessageRefusedBeforeTheConversationHasALanguageIsWrittenInTheTenantsLanguage() throws Exception {
    start(Map.of("parley.chat.session-starts-per-address", 1));
    HttpResponse<String> published = TestIdentity.asAdmin(node.httpPort(), "PUT", "/v1/config?tenant=acme",
        "{\"config\": {\"widget\": {\"language\": \"de\"}}, \"message\": \"German customers\"}");
    assertEquals(200, published.statusCode(), published.body());
    try (ChatClient first = ChatClient.connect(node.httpPort(), "globex")) {
      first.startNew();
      first.say("m1", "Hello");
    }
    assertEquals("es wurden zu viele neue Gespräche begonnen; versuchen Sie es gleich noch einmal oder führen Sie ein"
        + " früheres fort", refusedFirstMessage("acme"), "the tenant's language, not English");
    assertEquals("too many new conversations have started; try again in a moment or continue an earlier one",
        refusedFirstMessage("globex"), "a tenant without a language: English");
  }

  @Test
  void aStartPastTheEmptySessionsGuardIsRefusedInItsLanguage() throws Exception {
    start(Map.of("parley.chat.session-starts-per-address", 1));
    loadPages(10);
    try (ChatClient german = ChatClient.connect(node.httpPort(), "acme");
        ChatClient unnamed = ChatClient.connect(node.httpPort(), "acme")) {
      german.send(ChatClient.frame("start").put("language", "de"));
      JsonNode refused = german.expect("error");
      assertEquals("rate_limited", refused.get("code").asText(), refused.toString());
      assertEquals("es wurden zu viele neue Gespräche begonnen; versuchen Sie es gleich noch einmal oder führen Sie ein"
          + " früheres fort", refused.get("message").asText());
      unnamed.send(ChatClient.frame("start"));
      assertTrue(unnamed.expect("error").get("message").asText().startsWith("too many new conversations ("),
          "a start without a language: the operator's English");
    }
  }

  /** The error a new conversation of {@code tenant}, started without a language, gets for its first message. */
  private String refusedFirstMessage(String tenant) {
    try (ChatClient customer = ChatClient.connect(node.httpPort(), tenant)) {
      customer.startNew();
      customer.send(ChatClient.frame("user").put("clientMsgId", "m2").put("text", "Hallo"));
      JsonNode refused = customer.expect("error");
      assertEquals("rate_limited", refused.get("code").asText(), refused.toString());
      return refused.get("message").asText();
    }
  }

  @Test
  void behindAProxyEachForwardedClientHasItsOwnAllowance() throws Exception {
    start(Map.of("parley.chat.session-starts-per-address", 1, "parley.chat.client-address-header", "X-Forwarded-For"));
    assertEquals(201, create("198.51.100.7, 10.0.0.2").statusCode());
    assertEquals(429, create("203.0.113.9, 10.0.0.2").statusCode(), "the proxy's own entry, last, is the client");
    assertEquals(201, create("10.0.0.3").statusCode());
  }

  private HttpResponse<String> create(String forwardedFor) throws Exception {
    String path = "/v1/sessions?tenant=acme";
    return HTTP.send(TestIdentity.authorized(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort() + path)),
            path).header("X-Forwarded-For", forwardedFor).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
  }
}
