package io.parley.http;

import static io.parley.http.ChatClient.frame;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Who may do what, over real sockets on a node with the test tenants' identities: customers with
 * tokens see only their own sessions, a request without a credential reaches only the open default
 * tenant, and API keys act with their roles in their own tenant.
 */
class IdentityEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  @RegisterExtension
  static final RunningNode node = RunningNode.offline();

  @Test
  void aSignedInCustomerChatsAndSeesOnlyItsOwnSessions() throws Exception {
    String ada = TestIdentity.customerToken("acme", Optional.of("ada"));
    String sessionId;
    try (ChatClient client = ChatClient.connectAs(node.httpPort(), "acme", Optional.of("ada"))) {
      sessionId = client.startNew();
      assertEquals("ack", client.say("c-1", "Where is my order?").get("type").asText());
      client.answerOf("turn-1");
    }
    JsonNode own = JSON.readTree(call("GET", "/v1/sessions/" + sessionId, "Bearer " + ada, null).body());
    assertEquals("ada", own.get("userId").asText(), "the session belongs to the token's subject");

    String bob = TestIdentity.customerToken("acme", Optional.of("bob"));
    assertError(call("GET", "/v1/sessions/" + sessionId, "Bearer " + bob, null), 403, "forbidden");
    assertError(call("DELETE", "/v1/sessions/" + sessionId, "Bearer " + bob, null), 403, "forbidden");
    assertError(call("GET", "/v1/sessions/" + sessionId, "Bearer " + TestIdentity.customerToken("globex",
        Optional.of("ada")), null), 404, "not_found");
    try (ChatClient mallory = ChatClient.connectAs(node.httpPort(), "acme", Optional.of("bob"))) {
      mallory.send(frame("start").put("sessionId", sessionId));
      assertEquals("forbidden", mallory.expect("error").get("code").asText(), "no message of ada's is replayed");
      mallory.send(frame("start").put("userId", "ada"));
      assertEquals("forbidden", mallory.expect("error").get("code").asText(), "userId must be the token's subject");
    }
    assertError(call("GET", "/v1/users/ada/memory", "Bearer " + bob, null), 403, "forbidden");
    assertEquals(200, call("GET", "/v1/users/ada/memory", "Bearer " + ada, null).statusCode());
  }

  @Test
  void withoutACredentialOnlyTheDefaultTenantIsServed() throws Exception {
    assertError(call("POST", "/v1/sessions?tenant=acme", null, "{}"), 401, "unauthorized");
    assertError(call("POST", "/v1/sessions?tenant=nobody", null, "{}"), 401, "unauthorized");
    CompletionException refused = assertThrows(CompletionException.class, () -> ChatClient.connect(node.httpPort(), "nobody"));
    assertEquals(401, ((WebSocketHandshakeException) refused.getCause()).getResponse().statusCode());
    assertError(call("GET", "/v1/sessions/x", "Bearer not.a.token", null), 401, "unauthorized");

    try (ChatClient visitor = ChatClient.connect(node.httpPort(), "demo")) {
      String sessionId = visitor.startNew();
      assertEquals(200, call("GET", "/v1/sessions/" + sessionId, null, null).statusCode(),
          "an anonymous session is used by whoever holds its id");
      visitor.send(frame("start").put("userId", "cust-42"));
      assertEquals("bad_request", visitor.expect("error").get("code").asText(), "one start per connection");
    }
    try (ChatClient visitor = ChatClient.connect(node.httpPort(), "demo")) {
      visitor.send(frame("start").put("userId", "cust-42"));
      assertEquals("forbidden", visitor.expect("error").get("code").asText(), "an anonymous customer has no userId");
    }
    assertError(call("GET", "/v1/users/cust-42/memory", null, null), 403, "forbidden");
    assertError(call("GET", "/v1/kb/documents", null, null), 403, "forbidden");
  }

  @Test
  void apiKeysActWithTheirRolesInTheirOwnTenant() throws Exception {
    String sessionId;
    try (ChatClient client = ChatClient.connectAs(node.httpPort(), "acme", Optional.of("cara"))) {
      sessionId = client.startNew();
    }
    String agent = "Bearer " + TestIdentity.agentKey("acme");
    assertEquals("cara", JSON.readTree(call("GET", "/v1/sessions/" + sessionId, agent, null).body()).get("userId").asText());
    assertEquals(200, call("GET", "/v1/tickets", agent, null).statusCode());
    String document = "{\"title\":\"Returns\",\"content\":\"Send it back within 30 days.\",\"format\":\"text\"}";
    assertError(call("POST", "/v1/kb/documents", agent, document), 403, "forbidden");
    String customer = "Bearer " + TestIdentity.customerToken("acme", Optional.of("cara"));
    assertError(call("POST", "/v1/kb/documents", customer, document), 403, "forbidden");
    assertError(call("GET", "/v1/tickets", customer, null), 403, "forbidden");
    assertEquals(201, call("POST", "/v1/kb/documents", "Bearer " + TestIdentity.adminKey("acme"), document).statusCode());

    String globexAdmin = "Bearer " + TestIdentity.adminKey("globex");
    assertError(call("GET", "/v1/sessions/" + sessionId, globexAdmin, null), 404, "not_found");
    assertError(call("GET", "/v1/tickets?tenant=acme", globexAdmin, null), 403, "forbidden");
    HttpResponse<String> byHeader = HTTP.send(HttpRequest.newBuilder(URI.create(url("/v1/tickets")))
        .header("X-Api-Key", TestIdentity.agentKey("acme")).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals("acme", JSON.readTree(byHeader.body()).get("tenant").asText());
  }

  @Test
  void aCredentialInTheUrlIsRefusedOnRestAndOnTheSocketIsOnlyAShortLivedToken() throws Exception {
    String sessionId;
    try (ChatClient client = ChatClient.connectAs(node.httpPort(), "acme", Optional.of("dev"))) {
      sessionId = client.startNew();
    }
    String admin = TestIdentity.adminKey("acme");
    HttpResponse<String> keyInUrl = call("GET", "/v1/sessions/" + sessionId + "?tenant=acme&token=" + admin, null, null);
    assertError(keyInUrl, 401, "unauthorized");
    assertTrue(JSON.readTree(keyInUrl.body()).get("error").get("message").asText()
        .contains("send it in the header Authorization: Bearer"), keyInUrl.body());
    assertError(call("GET", "/v1/tickets?token=" + TestIdentity.agentToken("acme", "dana"), null, null), 401, "unauthorized");
    assertError(call("GET", "/v1/tickets?token=" + admin, "Bearer " + admin, null), 401, "unauthorized");
    assertEquals(200, call("GET", "/v1/sessions/" + sessionId, "Bearer " + admin, null).statusCode(), "the header is the way");

    assertEquals(401, handshakeStatus(() -> ChatClient.open(node.httpPort(), "/v1/chat/ws?token=" + admin)),
        "an API key never goes in the URL, even of the socket");
    assertEquals(401, handshakeStatus(() -> ChatClient.open(node.httpPort(), "/v1/agent/ws?token=" + TestIdentity.agentKey("acme"))));
    String monthLong = TestIdentity.signed(TestIdentity.claims("acme", Optional.of("dev"), List.of())
        .expirationTime(Date.from(Instant.now().plus(Duration.ofDays(30)))).build(), TestIdentity.SECRET);
    assertEquals(401, handshakeStatus(() -> ChatClient.open(node.httpPort(), "/v1/chat/ws?token=" + monthLong)),
        "a long-lived token neither");
    try (ChatClient inUrl = ChatClient.open(node.httpPort(), "/v1/chat/ws?token=" + TestIdentity.customerToken("acme",
            Optional.of("dev")));
        ChatClient asProtocol = ChatClient.openWith(node.httpPort(), "/v1/chat/ws", monthLong);
        ChatClient console = ChatClient.openWith(node.httpPort(), "/v1/agent/ws", TestIdentity.agentKey("acme"))) {
      assertTrue(inUrl.resume(sessionId, 0).get("resumed").asBoolean(), "an hour's token may be in the URL");
      assertTrue(asProtocol.resume(sessionId, 0).get("resumed").asBoolean(), "a month's goes as the subprotocol");
      assertEquals("key:test-agent", console.expect("hello").get("agentId").asText(), "the console's key as the subprotocol");
    }
  }

  private static int handshakeStatus(Runnable connect) {
    CompletionException refused = assertThrows(CompletionException.class, connect::run);
    return ((WebSocketHandshakeException) refused.getCause()).getResponse().statusCode();
  }

  private static HttpResponse<String> call(String method, String path, String authorization, String body) throws Exception {
    return TestIdentity.call(node.httpPort(), method, path, authorization, body);
  }

  private static String url(String path) {
    return "http://127.0.0.1:" + node.httpPort() + path;
  }

  private static void assertError(HttpResponse<String> response, int status, String code) throws Exception {
    assertEquals(status, response.statusCode(), response.body());
    assertEquals(code, JSON.readTree(response.body()).get("error").get("code").asText(), response.body());
  }
}
