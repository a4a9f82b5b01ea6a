package io.parley.http;

import static io.parley.core.testing.Awaiting.await;
import static io.parley.http.ChatClient.frame;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The audit log over real sockets, on PostgreSQL: refused credentials and rights, admins' writes and
 * agents' actions on the console socket each leave one entry in their own tenant's log, which its
 * admins page through with {@code GET /v1/audit} and nobody else reads.
 */
class AuditLogEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String DOCUMENT = "{\"title\":\"Returns\",\"content\":\"Send it back within 30 days.\",\"format\":\"text\"}";
  @RegisterExtension
  static final RunningNode node = RunningNode.offline();

  @Test
  void everyRefusalIsRecordedInItsTenantAndNoOther() throws Exception {
    String forged = token("acme", "a-secret-that-is-not-the-tenants-32-bytes", Instant.now().plusSeconds(600));
    assertEquals(401, call("GET", "/v1/tickets", "Bearer " + forged, null, "forged-1").statusCode());
    JsonNode forgery = awaitEntry("acme", "forged-1");
    assertEntry(forgery, "unknown", List.of(), "authenticate", "/v1/tickets", "unauthorized");
    assertTrue(forgery.get("reason").asText().contains("refused"), forgery.toString());

    String expired = token("acme", TestIdentity.SECRET, Instant.now().minusSeconds(3600));
    assertEquals(401, call("POST", "/v1/sessions?tenant=acme", "Bearer " + expired, "{}", "expired-1").statusCode());
    JsonNode lapsed = awaitEntry("acme", "expired-1");
    assertEntry(lapsed, "unknown", List.of(), "authenticate", "/v1/sessions", "unauthorized");
    assertTrue(lapsed.get("reason").asText().contains("xpired"), lapsed.toString());
    assertFalse(lapsed.toString().contains(expired), "the token itself is never recorded");

    String agent = "Bearer " + TestIdentity.agentKey("acme");
    assertEquals(403, call("POST", "/v1/kb/documents", agent, DOCUMENT, "agent-writes-1").statusCode());
    JsonNode tooFar = awaitEntry("acme", "agent-writes-1");
    assertEntry(tooFar, "key:test-agent", List.of("agent"), "kb.document.create", "/v1/kb/documents", "forbidden");
    assertEquals("this credential may not change the knowledge base: that takes the admin role, and it has agent",
        tooFar.get("reason").asText());

    String globexAdmin = "Bearer " + TestIdentity.adminKey("globex");
    assertEquals(403, call("GET", "/v1/tickets?tenant=acme", globexAdmin, null, "other-key-1").statusCode());
    assertEntry(awaitEntry("globex", "other-key-1"), "key:test-admin", List.of("admin"), "authenticate", "/v1/tickets",
        "forbidden");

    String bob = TestIdentity.customerToken("acme", Optional.of("bob"));
    assertEquals(403, call("GET", "/v1/audit", "Bearer " + bob, null, "customer-reads-1").statusCode());
    assertEquals(403, call("GET", "/v1/audit", agent, null, "agent-reads-1").statusCode());
    assertEntry(awaitEntry("acme", "agent-reads-1"), "key:test-agent", List.of("agent"), "read_audit_log", "/v1/audit",
        "forbidden");
    assertEntry(awaitEntry("acme", "customer-reads-1"), "token:bob", List.of("customer"), "read_audit_log",
        "/v1/audit", "forbidden");

    String adasSession;
    try (ChatClient ada = ChatClient.connectAs(node.httpPort(), "acme", Optional.of("ada"))) {
      adasSession = ada.startNew();
    }
    try (ChatClient mallory = ChatClient.connectAs(node.httpPort(), "acme", Optional.of("bob"))) {
      mallory.send(frame("start").put("sessionId", adasSession));
      assertEquals("forbidden", mallory.expect("error").get("code").asText());
    }
    JsonNode joined = awaitMatching("acme", entry -> entry.get("action").asText().equals("session.join"));
    assertEntry(joined, "token:bob", List.of("customer"), "session.join", "/v1/sessions/" + adasSession, "forbidden");

    for (String requestId : List.of("forged-1", "expired-1", "agent-writes-1", "agent-reads-1")) {
      assertFalse(requestIds(page("globex", "limit=500")).contains(requestId), requestId + " stays out of globex's log");
    }
    assertFalse(requestIds(page("acme", "limit=500")).contains("other-key-1"), "the key's own tenant records it");
  }

  @Test
  void adminWritesAndAgentsActionsAreRecordedWithWhoWhatAndHowTheyEnded() throws Exception {
    HttpResponse<String> created = call("POST", "/v1/kb/documents", "Bearer " + TestIdentity.adminKey("acme"), DOCUMENT,
        "admin-writes-1");
    assertEquals(201, created.statusCode(), created.body());
    String documentId = JSON.readTree(created.body()).get("id").asText();
    assertEntry(awaitEntry("acme", "admin-writes-1"), "key:test-admin", List.of("admin"), "kb.document.create",
        "/v1/kb/documents/" + documentId, "ok");

    String sessionId;
    try (ChatClient customer = ChatClient.connectAs(node.httpPort(), "acme", Optional.of("cara"));
        ChatClient dana = ChatClient.agent(node.httpPort(), "acme", "agent-dana", "Dana");
        ChatClient lee = ChatClient.agent(node.httpPort(), "acme", "agent-lee", "Lee")) {
      sessionId = customer.startNew();
      dana.expect("hello");
      lee.expect("hello");
      dana.send(frame("take").put("sessionId", sessionId));
      dana.expect("conversation");
      dana.send(frame("reply").put("sessionId", sessionId).put("clientMsgId", "a-1").put("text", "Refunded, Cara."));
      dana.expect("ack");
      lee.send(frame("take").put("sessionId", sessionId));
      assertEquals("conflict", lee.expect("error").get("code").asText());
    }
    String resource = "/v1/sessions/" + sessionId;
    JsonNode take = awaitMatching("acme", entry -> entry.get("action").asText().equals("agent.take")
        && entry.get("actor").asText().equals("token:agent-dana"));
    assertEntry(take, "token:agent-dana", List.of("agent"), "agent.take", resource, "ok");
    JsonNode connected = awaitMatching("acme", entry -> entry.get("action").asText().equals("agent.connect")
        && entry.get("actor").asText().equals("token:agent-dana"));
    assertEquals(connected.get("requestId").asText(), take.get("requestId").asText(),
        "a console's actions carry the request id of its socket's upgrade");
    JsonNode reply = awaitMatching("acme", entry -> entry.get("action").asText().equals("agent.reply"));
    assertEntry(reply, "token:agent-dana", List.of("agent"), "agent.reply", resource, "ok");
    assertFalse(page("acme", "limit=500").toString().contains("Refunded"), "what an agent wrote is never recorded");
    JsonNode refused = awaitMatching("acme", entry -> entry.get("action").asText().equals("agent.take")
        && entry.get("actor").asText().equals("token:agent-lee"));
    assertEntry(refused, "token:agent-lee", List.of("agent"), "agent.take", resource, "refused");
    assertFalse(refused.get("reason").isNull(), "a refusal says why: " + refused);
    assertNotEquals(take.get("requestId").asText(), refused.get("requestId").asText());

    JsonNode takes = page("acme", "action=agent.take&limit=500");
    assertTrue(takes.get("entries").size() >= 2, takes.toString());
    takes.get("entries").forEach(entry -> assertEquals("agent.take", entry.get("action").asText()));
  }

  @Test
  void adminsPageThroughTheirLogNewestFirst() throws Exception {
    String agent = "Bearer " + TestIdentity.agentKey("initech");
    for (int i = 1; i <= 5; i++) {
      assertEquals(403, call("DELETE", "/v1/cache", agent, null, "page-" + i).statusCode());
    }
    awaitEntry("initech", "page-5");
    awaitEntry("initech", "page-1");

    List<String> seen = new ArrayList<>();
    JsonNode page = page("initech", "limit=2");
    assertEquals(2, page.get("entries").size());
    seen.addAll(requestIds(page));
    while (!page.get("next").isNull()) {
      page = page("initech", "limit=2&before=" + URLEncoder.encode(page.get("next").asText(), StandardCharsets.UTF_8));
      seen.addAll(requestIds(page));
    }
    assertEquals(List.of("page-5", "page-4", "page-3", "page-2", "page-1"), seen);
    assertEquals("cache.clear", page.get("entries").get(0).get("action").asText());

    assertEquals(400, TestIdentity.asAdmin(node.httpPort(), "GET", "/v1/audit?tenant=initech&limit=501", null).statusCode());
    HttpResponse<String> badCursor = TestIdentity.asAdmin(node.httpPort(), "GET", "/v1/audit?tenant=initech&before=x", null);
    assertEquals(400, badCursor.statusCode());
    assertEquals("bad_request", JSON.readTree(badCursor.body()).get("error").get("code").asText());

    String metrics = call("GET", "/metrics", null, null, "metrics-1").body();
    assertTrue(metrics.lines().anyMatch(line -> line.startsWith("parley_audit_entries_written_total ")
        && Double.parseDouble(line.substring(line.indexOf(' ') + 1)) >= 5), metrics);
  }

  private static void assertEntry(JsonNode entry, String actor, List<String> roles, String action, String resource,
      String result) {
    assertEquals(actor, entry.get("actor").asText(), entry.toString());
    assertEquals(roles, StreamSupport.stream(entry.get("roles").spliterator(), false).map(JsonNode::asText).toList(),
        entry.toString());
    assertEquals(action, entry.get("action").asText(), entry.toString());
    assertEquals(resource, entry.get("resource").asText(), entry.toString());
    assertEquals(result, entry.get("result").asText(), entry.toString());
    assertFalse(entry.get("requestId").asText().isBlank(), entry.toString());
    assertTrue(Instant.parse(entry.get("at").asText()).isAfter(Instant.now().minusSeconds(120)), entry.toString());
  }

  /** The entry of request {@code requestId} in {@code tenant}'s log, once written (entries are written behind the request). */
  private static JsonNode awaitEntry(String tenant, String requestId) throws Exception {
    return awaitMatching(tenant, entry -> entry.get("requestId").asText().equals(requestId));
  }

  private static JsonNode awaitMatching(String tenant, Predicate<JsonNode> wanted) throws Exception {
    return await("the entry in " + tenant + "'s audit log").atMost(Duration.ofSeconds(10)).until(() -> {
      for (JsonNode entry : page(tenant, "limit=500").get("entries")) {
        if (wanted.test(entry)) return entry;
      }
      return null;
    }, Objects::nonNull);
  }

  /** A page of {@code tenant}'s log, read by its admin. */
  private static JsonNode page(String tenant, String query) throws Exception {
    HttpResponse<String> response = TestIdentity.asAdmin(node.httpPort(), "GET", "/v1/audit?tenant=" + tenant + "&" + query, null);
    assertEquals(200, response.statusCode(), response.body());
    JsonNode page = JSON.readTree(response.body());
    assertEquals(tenant, page.get("tenant").asText());
    return page;
  }

  private static List<String> requestIds(JsonNode page) {
    return StreamSupport.stream(page.get("entries").spliterator(), false).map(e -> e.get("requestId").asText()).toList();
  }

  private static HttpResponse<String> call(String method, String path, String authorization, String body, String requestId)
      throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort() + path))
        .header("X-Request-Id", requestId)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (authorization != null) request.header("Authorization", authorization);
    if (body != null) request.header("Content-Type", "application/json");
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** A staff token of {@code tenant} signed with {@code secret}, expiring at {@code expiry}. */
  private static String token(String tenant, String secret, Instant expiry) throws Exception {
    JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(TestIdentity.ISSUER).audience(TestIdentity.AUDIENCE)
        .claim("tenant", tenant).subject("mallory").claim("roles", List.of("admin"))
        .expirationTime(Date.from(expiry)).build();
    SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
    jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
    return jwt.serialize();
  }
}
