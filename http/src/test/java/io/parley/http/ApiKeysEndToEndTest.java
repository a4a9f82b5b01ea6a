package io.parley.http;

import static io.parley.core.testing.Awaiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.persistence.testing.TestPostgres;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * API keys managed through the API on a node over PostgreSQL, and the sockets' guards: a key is
 * shown once, works on REST and the WebSocket until revoked, and stays within its tenant; a token
 * rides in the WebSocket subprotocol; a tenant's own allowed origins; open sockets per address.
 */
class ApiKeysEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ACME_SITE = "https://help.acme.example";
  private static final String PARLEY_PROTOCOL = "parley.v1";
  private static ParleyNode node;

  @BeforeAll
  static void start() throws Exception {
    ObjectNode tenants = (ObjectNode) JSON.readTree(TestIdentity.tenantsJson());
    ((ObjectNode) tenants.get("acme")).putArray("allowedOrigins").add(ACME_SITE);
    node = ParleyNode.start(TestNode.config(TestPostgres.newDatabase(), Optional.empty(), Map.of(
        "parley.identity.tenants", tenants.toString(),
        // Only sockets that name a forwarded address count per address: the other tests send none.
        "parley.chat.client-address-header", "X-Forwarded-For",
        "parley.chat.connections-per-address", 2)));
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @Test
  void anAdminCreatesAKeyThatWorksUntilItIsRevoked() throws Exception {
    String admin = "Bearer " + TestIdentity.adminKey("acme");
    HttpResponse<String> created = call("POST", "/v1/keys", admin, "{\"name\": \"crm\", \"roles\": [\"agent\"]}");
    assertEquals(201, created.statusCode(), created.body());
    JsonNode key = JSON.readTree(created.body());
    String secret = key.get("key").asText();
    String id = key.get("id").asText();
    assertTrue(secret.startsWith("sk_"), created.body());
    assertEquals("acme", key.get("tenant").asText());

    HttpResponse<String> tickets = call("GET", "/v1/tickets", "Bearer " + secret, null);
    assertEquals(200, tickets.statusCode(), tickets.body());
    assertEquals("acme", JSON.readTree(tickets.body()).get("tenant").asText());
    try (ChatClient chat = ChatClient.open(node.httpPort(), "/v1/chat/ws",
        builder -> builder.subprotocols(PARLEY_PROTOCOL, "bearer." + secret))) {
      chat.startNew();
      assertEquals(PARLEY_PROTOCOL, chat.subprotocol(), "the handshake names the accepted subprotocol");
    }

    HttpResponse<String> listed = call("GET", "/v1/keys", admin, null);
    assertEquals(200, listed.statusCode(), listed.body());
    assertFalse(listed.body().contains(secret), "the secret is shown once, at creation");
    JsonNode entry = find(JSON.readTree(listed.body()).get("keys"), id);
    assertEquals("crm", entry.get("name").asText());
    assertEquals("[\"agent\"]", entry.get("roles").toString());
    assertTrue(entry.get("active").asBoolean());
    assertFalse(entry.has("key"));

    String globexAdmin = "Bearer " + TestIdentity.adminKey("globex");
    assertFalse(call("GET", "/v1/keys", globexAdmin, null).body().contains(id), "another tenant's admin does not see it");
    assertError(call("DELETE", "/v1/keys/" + id, globexAdmin, null), 404, "not_found");
    assertError(call("GET", "/v1/keys?tenant=acme", globexAdmin, null), 403, "forbidden");
    assertEquals(200, call("GET", "/v1/tickets", "Bearer " + secret, null).statusCode(), "still works");

    HttpResponse<String> revoked = call("DELETE", "/v1/keys/" + id, admin, null);
    assertEquals(200, revoked.statusCode(), revoked.body());
    assertFalse(JSON.readTree(revoked.body()).get("active").asBoolean());
    assertError(call("GET", "/v1/tickets", "Bearer " + secret, null), 401, "unauthorized");
    assertEquals(401, handshakeStatus(() -> ChatClient.openWith(node.httpPort(), "/v1/chat/ws", secret)));
    assertEquals(200, call("GET", "/v1/tickets", admin, null).statusCode(), "configured keys keep working");
  }

  @Test
  void onlyAnAdminCreatesKeysAndOnlyForItsOwnTenantAndRoles() throws Exception {
    String body = "{\"name\": \"crm\", \"roles\": [\"admin\"]}";
    assertError(call("POST", "/v1/keys", "Bearer " + TestIdentity.agentKey("acme"), body), 403, "forbidden");
    assertError(call("POST", "/v1/keys", "Bearer " + TestIdentity.customerToken("acme", Optional.of("ada")), body),
        403, "forbidden");
    assertError(call("GET", "/v1/keys", "Bearer " + TestIdentity.agentKey("acme"), null), 403, "forbidden");
    String admin = "Bearer " + TestIdentity.adminKey("acme");
    assertError(call("POST", "/v1/keys", admin, "{\"name\": \"x\", \"roles\": [\"operator\"]}"), 400, "bad_request");
    assertError(call("POST", "/v1/keys", admin, "{\"name\": \"x\", \"roles\": [\"agent\"], \"tenant\": \"globex\"}"),
        400, "bad_request");
    assertError(call("POST", "/v1/keys?tenant=globex", admin, body), 403, "forbidden");
    assertError(call("POST", "/v1/keys", admin, "{\"name\": \"x\", \"roles\": [\"agent\"], \"expiresAt\": \"2020-01-01T00:00:00Z\"}"),
        400, "bad_request");
    assertError(call("POST", "/v1/keys", admin, "{\"name\": \"x\", \"roles\": [\"agent\"], \"expiresAt\": \"soon\"}"),
        400, "bad_request");

    HttpResponse<String> minted = call("POST", "/v1/keys", admin,
        "{\"name\": \"nightly\", \"roles\": [\"agent\"], \"expiresAt\": \"2099-01-01T00:00:00Z\"}");
    assertEquals(201, minted.statusCode(), minted.body());
    String agentKey = JSON.readTree(minted.body()).get("key").asText();
    assertError(call("POST", "/v1/keys", "Bearer " + agentKey, body), 403, "forbidden");
    JsonNode paths = JSON.readTree(call("GET", "/v1/openapi.json", null, null).body()).get("paths");
    assertTrue(paths.has("/v1/keys") && paths.has("/v1/keys/{keyId}"), "OpenAPI describes the key routes");
    assertError(call("GET", "/v1/sessions/x", "Bearer " + agentKey + "-forged", null), 401, "unauthorized");
  }

  @Test
  void theAccessLogNamesTheTenantTheCredentialProved() throws Exception {
    Logger access = (Logger) LoggerFactory.getLogger("io.parley.http.access");
    ListAppender<ILoggingEvent> lines = new ListAppender<>();
    lines.start();
    access.addAppender(lines);
    // The tests log warnings only; this test reads the access log's info lines without printing them.
    ch.qos.logback.classic.Level level = access.getLevel();
    boolean additive = access.isAdditive();
    access.setLevel(ch.qos.logback.classic.Level.INFO);
    access.setAdditive(false);
    try {
      assertEquals(200, call("GET", "/v1/keys", "Bearer " + TestIdentity.adminKey("globex"), null).statusCode());
      ILoggingEvent line = lines.list.stream().filter(event -> event.getFormattedMessage().startsWith("GET /v1/keys"))
          .findFirst().orElseThrow();
      assertTrue(Arrays.stream(line.getArgumentArray()).anyMatch(argument -> argument.toString().equals("tenant=globex")),
          Arrays.toString(line.getArgumentArray()));
    } finally {
      access.detachAppender(lines);
      access.setLevel(level);
      access.setAdditive(additive);
    }
  }

  @Test
  void aCustomerTokenRidesInTheSubprotocol() {
    String token = TestIdentity.customerToken("acme", Optional.of("ada"));
    try (ChatClient chat = ChatClient.open(node.httpPort(), "/v1/chat/ws",
        builder -> builder.subprotocols(PARLEY_PROTOCOL, "bearer." + token))) {
      assertEquals(PARLEY_PROTOCOL, chat.subprotocol());
      chat.startNew();
    }
    assertEquals(401, handshakeStatus(() -> ChatClient.open(node.httpPort(), "/v1/chat/ws",
        builder -> builder.subprotocols(PARLEY_PROTOCOL, "bearer." + token.substring(0, token.length() - 2)))));
  }

  @Test
  void aTenantsOwnSiteOpensOnlyThatTenantsSockets() {
    UnaryOperator<WebSocket.Builder> fromAcmeSite = builder -> builder.header("Origin", ACME_SITE);
    try (ChatClient chat = ChatClient.open(node.httpPort(),
        "/v1/chat/ws?token=" + TestIdentity.customerToken("acme", Optional.empty()), fromAcmeSite)) {
      chat.startNew();
    }
    assertEquals(403, handshakeStatus(() -> ChatClient.open(node.httpPort(),
        "/v1/chat/ws?token=" + TestIdentity.customerToken("globex", Optional.empty()), fromAcmeSite)));
    assertEquals(403, handshakeStatus(() -> ChatClient.open(node.httpPort(), "/v1/chat/ws?tenant=demo", fromAcmeSite)));
    assertEquals(403, handshakeStatus(() -> ChatClient.open(node.httpPort(),
        "/v1/chat/ws?token=" + TestIdentity.customerToken("acme", Optional.empty()),
        builder -> builder.header("Origin", "https://evil.example"))));
  }

  @Test
  void anAddressPastItsOpenSocketsIsRefusedUntilOneCloses() throws Exception {
    UnaryOperator<WebSocket.Builder> fromOneAddress = builder -> builder.header("X-Forwarded-For", "203.0.113.50");
    try (ChatClient one = ChatClient.open(node.httpPort(), "/v1/chat/ws?tenant=demo", fromOneAddress);
        ChatClient two = ChatClient.open(node.httpPort(), "/v1/chat/ws?tenant=demo", fromOneAddress)) {
      two.startNew();
      CompletionException refused = assertThrows(CompletionException.class,
          () -> ChatClient.open(node.httpPort(), "/v1/chat/ws?tenant=demo", fromOneAddress));
      HttpResponse<?> response = ((WebSocketHandshakeException) refused.getCause()).getResponse();
      assertEquals(429, response.statusCode());
      assertEquals(Optional.of("10"), response.headers().firstValue("Retry-After"));
      try (ChatClient elsewhere = ChatClient.open(node.httpPort(), "/v1/chat/ws?tenant=demo",
          builder -> builder.header("X-Forwarded-For", "203.0.113.51"))) {
        elsewhere.startNew();
      }
      one.close();
      // Refused (a CompletionException) while the closed socket still holds its place.
      await("a closed socket freeing its place").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
          .ignoreExceptionsInstanceOf(CompletionException.class).until(() -> {
            try (ChatClient third = ChatClient.open(node.httpPort(), "/v1/chat/ws?tenant=demo", fromOneAddress)) {
              third.startNew();
              return true;
            }
          });
    }
  }

  private static int handshakeStatus(Runnable connect) {
    CompletionException refused = assertThrows(CompletionException.class, connect::run);
    return ((WebSocketHandshakeException) refused.getCause()).getResponse().statusCode();
  }

  private static JsonNode find(JsonNode keys, String id) {
    for (JsonNode key : keys) if (key.get("id").asText().equals(id)) return key;
    throw new AssertionError("no key " + id + " in " + keys);
  }

  private static HttpResponse<String> call(String method, String path, String authorization, String body) throws Exception {
    return TestIdentity.call(node.httpPort(), method, path, authorization, body);
  }

  private static void assertError(HttpResponse<String> response, int status, String code) throws Exception {
    assertEquals(status, response.statusCode(), response.body());
    assertEquals(code, JSON.readTree(response.body()).get("error").get("code").asText(), response.body());
  }
}
