package io.parley.http;

import static io.parley.http.ChatClient.frame;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
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
