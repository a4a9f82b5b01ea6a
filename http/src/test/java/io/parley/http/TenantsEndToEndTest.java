package io.parley.http;

import static io.parley.core.testing.Awaiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.core.identity.Sha256;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Tenants managed at run time by the operator on one node over PostgreSQL: created, read without
 * their keys and secret, replaced, their publishable key rotated (the old one working until
 * removed), refused when the caller is not the operator, the entry is wrong or the tenant is
 * PARLEY_TENANTS's, recorded in the tenant's audit log; disabled, which closes its sockets and
 * refuses its requests while keeping its sessions; and its retention, which the sweep applies.
 */
class TenantsEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String OPERATOR = "Bearer " + OpsClient.TOKEN;
  private static final String OLD_KEY = "pk_zenith_old_0123456789";
  private static final String NEW_KEY = "pk_zenith_new_0123456789";
  private static final String SECRET = "zenith-hs256-secret-of-32-bytes-or-more";
  private static final String ADMIN_KEY = "sk_zenith_admin_0123456789abcdef";
  /** Sweeps often: only a tenant of the API keeps sessions for less than for ever here. */
  @RegisterExtension
  static final RunningNode node = RunningNode.offline(
      Map.of("parley.management.ops-token", OpsClient.TOKEN, "parley.retention.check-interval", "200ms"));

  /** An entry of tenant {@code name} with these publishable keys, an HS256 secret and an admin key. */
  static ObjectNode entry(String adminKey, String... publishableKeys) {
    ObjectNode entry = JSON.createObjectNode().put("issuer", "https://id.zenith.example").put("audience", "parley")
        .put("hs256Secret", SECRET);
    for (String key : publishableKeys) entry.withArray("publishableKeys").add(key);
    ObjectNode admin = entry.putArray("apiKeys").addObject().put("name", "console")
        .put("sha256", HexFormat.of().formatHex(Sha256.of(adminKey)));
    admin.putArray("roles").add("admin");
    entry.putArray("allowedOrigins").add("https://help.zenith.example");
    return entry;
  }

  @Test
  void theOperatorCreatesReadsReplacesAndRotatesATenantWhoseCustomersChat() throws Exception {
    HttpResponse<String> created = put("zenith", entry(ADMIN_KEY, OLD_KEY), OPERATOR, true);
    assertEquals(201, created.statusCode(), created.body());
    assertNoSecret(created.body());
    JsonNode shown = JSON.readTree(created.body());
    assertEquals("api", shown.get("source").asText());
    assertTrue(shown.get("hs256SecretSet").asBoolean(), created.body());
    assertEquals(1, shown.get("publishableKeys").size());
    assertEquals("console", shown.get("apiKeys").get(0).get("name").asText());
    assertEquals(409, put("zenith", entry(ADMIN_KEY, OLD_KEY), OPERATOR, true).statusCode(), "If-None-Match: * creates only");

    HttpResponse<String> read = call("GET", "/v1/tenants/zenith", OPERATOR, null);
    assertEquals(200, read.statusCode(), read.body());
    assertNoSecret(read.body());
    assertEquals("https://id.zenith.example", JSON.readTree(read.body()).get("issuer").asText());
    HttpResponse<String> listed = call("GET", "/v1/tenants", OPERATOR, null);
    assertNoSecret(listed.body());
    List<String> sources = new ArrayList<>();
    JSON.readTree(listed.body()).get("tenants").forEach(t -> sources.add(t.get("tenant").asText() + ":" + t.get("source").asText()));
    assertTrue(sources.contains("zenith:api") && sources.contains("acme:PARLEY_TENANTS"), sources.toString());

    try (ChatClient customer = ChatClient.open(node.httpPort(), "/v1/chat/ws?key=" + OLD_KEY)) {
      customer.startNew();
      assertTrue(customer.say("c-1", "Hello").has("seq"), "a customer of the new tenant chats");
    }
    assertEquals(200, call("GET", "/v1/audit", "Bearer " + ADMIN_KEY, null).statusCode(), "its admin key works");
    assertEquals(200, call("GET", "/v1/tickets", "Bearer " + TestIdentity.signed(
        TestIdentity.claims("zenith", Optional.of("ada"), List.of("agent")).issuer("https://id.zenith.example").build(),
        SECRET), null).statusCode(), "its tokens are checked with its secret");

    HttpResponse<String> rotating = put("zenith", entry(ADMIN_KEY, OLD_KEY, NEW_KEY), OPERATOR, false);
    assertEquals(200, rotating.statusCode(), rotating.body());
    assertNoSecret(rotating.body());
    chatsWith(OLD_KEY);
    chatsWith(NEW_KEY);
    assertEquals(200, put("zenith", entry(ADMIN_KEY, NEW_KEY), OPERATOR, false).statusCode());
    assertEquals(401, handshakeStatus(() -> ChatClient.open(node.httpPort(), "/v1/chat/ws?key=" + OLD_KEY)),
        "the old key is refused once removed");
    chatsWith(NEW_KEY);

    JsonNode audit = JSON.readTree(call("GET", "/v1/audit", "Bearer " + ADMIN_KEY, null).body()).get("entries");
    List<String> changes = new ArrayList<>();
    audit.forEach(e -> {
      if (e.get("action").asText().startsWith("tenant.")) changes.add(e.get("action").asText() + " by " + e.get("actor").asText());
    });
    assertTrue(changes.contains("tenant.create by operator"), changes.toString());
    assertTrue(changes.contains("tenant.replace by operator"), changes.toString());
    List<String> refusals = new ArrayList<>();
    audit.forEach(e -> {
      if (e.get("action").asText().equals("tenant.create") && e.get("result").asText().equals("refused")) {
        refusals.add(e.path("reason").asText());
      }
    });
    assertEquals(1, refusals.size(), audit.toString());
    assertTrue(refusals.get(0).contains("exists"), refusals.toString());
  }

  @Test
  void onlyTheOperatorWithAGoodEntryChangesTenantsAndNeverThoseOfTheSetting() throws Exception {
    ObjectNode entry = entry("sk_yonder_admin_0123456789abcdef", "pk_yonder_0123456789ab");
    assertEquals(401, put("yonder", entry, null, false).statusCode());
    assertEquals(401, put("yonder", entry, "Bearer " + TestIdentity.adminKey("acme"), false).statusCode(),
        "a tenant's admin is not the operator");
    assertEquals(401, call("GET", "/v1/tenants", "Bearer " + TestIdentity.adminKey("acme"), null).statusCode());

    HttpResponse<String> configured = put("acme", entry, OPERATOR, false);
    assertEquals(409, configured.statusCode(), configured.body());
    assertTrue(configured.body().contains("PARLEY_TENANTS"), configured.body());

    HttpResponse<String> badUrl = put("yonder", entry.deepCopy().put("jwksUrl", "ftp://keys"), OPERATOR, false);
    assertEquals(400, badUrl.statusCode(), badUrl.body());
    assertTrue(badUrl.body().contains("jwksUrl"), badUrl.body());
    ObjectNode noIssuer = entry.deepCopy();
    noIssuer.remove("issuer");
    HttpResponse<String> missing = put("yonder", noIssuer, OPERATOR, false);
    assertEquals(400, missing.statusCode(), missing.body());
    assertTrue(missing.body().contains("issuer"), missing.body());
    HttpResponse<String> shortSecret = put("yonder", entry.deepCopy().put("hs256Secret", "too-short-a-secret"), OPERATOR, false);
    assertEquals(400, shortSecret.statusCode(), shortSecret.body());
    assertFalse(shortSecret.body().contains("too-short-a-secret"), "a secret is never echoed, even a wrong one");
    HttpResponse<String> taken = put("yonder", entry(TestIdentity.adminKey("acme"), "pk_yonder_0123456789ab"), OPERATOR, false);
    assertEquals(409, taken.statusCode(), "a key of another tenant: " + taken.body());
    assertEquals(404, call("GET", "/v1/tenants/yonder", OPERATOR, null).statusCode(), "nothing refused was stored");

    // Another node has just stored this key for its tenant, and this node has not read it yet: the database refuses it.
    String rivals = "pk_rival_0123456789abcd";
    try (Connection connection = node.connect(); PreparedStatement claim = connection.prepareStatement(
        "INSERT INTO tenant_publishable_key (key_sha256, tenant) VALUES (?, 'rival')")) {
      claim.setString(1, HexFormat.of().formatHex(Sha256.of(rivals)));
      assertEquals(1, claim.executeUpdate());
    }
    HttpResponse<String> raced = put("yonder", entry("sk_yonder_admin_0123456789abcdef", rivals), OPERATOR, false);
    assertEquals(409, raced.statusCode(), raced.body());
    assertTrue(raced.body().contains("publishableKeys") && raced.body().contains("rival"), raced.body());
    assertEquals(404, call("GET", "/v1/tenants/yonder", OPERATOR, null).statusCode(), "nothing raced was stored");
  }

  @Test
  void aDisabledTenantsSocketsCloseAndItsRequestsAreRefusedWhileItsDataIsKept() throws Exception {
    String admin = "Bearer sk_umbra_admin_0123456789abcdef";
    String key = "pk_umbra_0123456789abcd";
    ObjectNode entry = entry(admin.substring(7), key);
    assertEquals(201, put("umbra", entry, OPERATOR, false).statusCode());
    String agentToken = TestIdentity.signed(TestIdentity.claims("umbra", Optional.of("ann"), List.of("agent"))
        .issuer("https://id.zenith.example").build(), SECRET);
    try (ChatClient customer = ChatClient.open(node.httpPort(), "/v1/chat/ws?key=" + key);
        ChatClient agent = ChatClient.open(node.httpPort(), "/v1/agent/ws?token=" + agentToken)) {
      String session = customer.startNew();
      customer.say("c-1", "Hello");
      agent.expect("hello");

      HttpResponse<String> disabled = put("umbra", entry.deepCopy().put("disabled", true), OPERATOR, false);
      assertEquals(200, disabled.statusCode(), disabled.body());
      assertTrue(JSON.readTree(disabled.body()).get("disabled").asBoolean());
      assertEquals("tenant_disabled", customer.expect("closed").get("reason").asText());
      assertEquals("tenant_disabled", agent.next(f -> f.get("type").asText().equals("closed") && !f.has("sessionId"))
          .get("reason").asText());

      HttpResponse<String> refused = call("GET", "/v1/sessions/" + session, admin, null);
      assertEquals(403, refused.statusCode(), refused.body());
      assertTrue(refused.body().contains("disabled"), refused.body());
      assertEquals(403, handshakeStatus(() -> ChatClient.open(node.httpPort(), "/v1/chat/ws?key=" + key)));

      assertEquals(200, put("umbra", entry, OPERATOR, false).statusCode());
      HttpResponse<String> kept = call("GET", "/v1/sessions/" + session, admin, null);
      assertEquals(200, kept.statusCode(), "enabled again, its session is there: " + kept.body());
      List<String> actions = new ArrayList<>();
      JSON.readTree(call("GET", "/v1/audit", admin, null).body()).get("entries")
          .forEach(e -> actions.add(e.get("action").asText()));
      assertTrue(actions.contains("tenant.disable"), actions.toString());
    }
  }

  @Test
  void theRetentionOfATenantOfTheApiErasesItsOlderSessions() throws Exception {
    String admin = "Bearer sk_keeper_admin_0123456789abcdef";
    assertEquals(201, put("keeper", entry(admin.substring(7), "pk_keeper_0123456789ab").put("retentionDays", 30),
        OPERATOR, false).statusCode());
    String token = TestIdentity.signed(TestIdentity.claims("keeper", Optional.of("grace"), List.of())
        .issuer("https://id.zenith.example").build(), SECRET);
    String old;
    String recent;
    try (ChatClient customer = ChatClient.open(node.httpPort(), "/v1/chat/ws?token=" + token)) {
      old = customer.startNew();
    }
    try (ChatClient customer = ChatClient.open(node.httpPort(), "/v1/chat/ws?token=" + token)) {
      recent = customer.startNew();
    }
    try (Connection connection = node.connect(); PreparedStatement age = connection.prepareStatement(
        "UPDATE data_key SET created_at = created_at - INTERVAL '31 days' WHERE session_id = ?")) {
      age.setString(1, old);
      assertEquals(1, age.executeUpdate());
    }
    await("the session past the tenant's retention erased").atMost(Duration.ofSeconds(20))
        .until(() -> call("GET", "/v1/sessions/" + old, admin, null).statusCode() == 404);
    assertEquals(200, call("GET", "/v1/sessions/" + recent, admin, null).statusCode(), "a session within retention stays");
  }

  private static void chatsWith(String key) {
    try (ChatClient customer = ChatClient.open(node.httpPort(), "/v1/chat/ws?key=" + key)) {
      customer.startNew();
    }
  }

  private static void assertNoSecret(String body) {
    for (String secret : List.of(SECRET, OLD_KEY, NEW_KEY, ADMIN_KEY, HexFormat.of().formatHex(Sha256.of(ADMIN_KEY)))) {
      assertFalse(body.contains(secret), "a key or secret is never shown: " + body);
    }
  }

  private static HttpResponse<String> put(String tenant, ObjectNode entry, String authorization, boolean createOnly)
      throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort() + "/v1/tenants/" + tenant))
        .PUT(HttpRequest.BodyPublishers.ofString(entry.toString())).header("Content-Type", "application/json");
    if (authorization != null) request.header("Authorization", authorization);
    if (createOnly) request.header("If-None-Match", "*");
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> call(String method, String path, String authorization, String body) throws Exception {
    return TestIdentity.call(node.httpPort(), method, path, authorization, body);
  }

  static int handshakeStatus(Runnable connect) {
    CompletionException refused = assertThrows(CompletionException.class, connect::run);
    return ((WebSocketHandshakeException) refused.getCause()).getResponse().statusCode();
  }
}
