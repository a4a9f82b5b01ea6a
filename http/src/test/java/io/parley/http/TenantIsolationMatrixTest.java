package io.parley.http;

import static io.parley.core.testing.Awaiting.await;
import static io.parley.http.ChatClient.frame;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import io.parley.core.testing.TestImages;
import io.parley.persistence.testing.TestPostgres;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Tenants kept apart, route by route: every operation {@code openapi.json} publishes is tried on
 * tenant acme's resources with no credential, broken tokens (expired, forged, {@code alg: none},
 * another audience, an unknown tenant, oversized), the wrong role, another tenant's admin, and
 * the right caller; then the WebSocket frames that name a session. Every refusal must carry no
 * data of acme's and be in the audit log (acme's, or the other tenant's for its own credential),
 * and the fixture must be intact after the other tenant has tried everything.
 *
 * <p>An operation missing from {@link #ACCESS} fails the test: a new route has to say who may call it.
 */
class TenantIsolationMatrixTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TENANT = "acme";
  private static final String OTHER_TENANT = "globex";
  /** Written into every resource of acme's; no answer to anyone but acme may contain it. */
  private static final String MARKER = "isolation-marker-" + UUID.randomUUID();
  /** A tenant of the API, which only the operator reads and changes. */
  private static final String API_TENANT_ENTRY = "{\"publishableKeys\": [\"pk_matrix_probe_0123456789\"]}";

  /** Who may call an operation. */
  private enum Access {
    /** Anyone, without a credential. */
    PUBLIC,
    /** Anyone, without a credential: a look-up of what a tenant set up, 404 where it set up nothing (acme has no sign-in provider). */
    PUBLIC_LOOKUP,
    /**
     * Anyone, without a credential: what the body holds (a password, a link's secret) is checked, and
     * the made-up one of a probe is refused (400, 401 or 410), in the default tenant's audit log.
     */
    PUBLIC_SIGN_IN,
    /** The operator token only. */
    OPERATOR,
    /** Any customer of the tenant (and its staff). */
    CUSTOMER,
    /** The customer whose session it is, and the tenant's staff. */
    OWN_SESSION,
    /** The customer whose session it is, and the tenant's staff; to another customer the session is not there (404). */
    OWN_SESSION_UNSEEN,
    /** The customer whose session it is only (not the tenant's staff). */
    OWN_SESSION_CUSTOMER,
    /** The signed-in user themselves, and the tenant's staff. */
    OWN_USER,
    /** The signed-in user themselves, and the tenant's admins (not its agents). */
    SELF_OR_ADMIN,
    /** The tenant's agents and admins. */
    AGENT,
    /** The tenant's admins. */
    ADMIN
  }

  private static final Map<String, Access> ACCESS = Map.ofEntries(
      Map.entry("GET /health/live", Access.PUBLIC),
      Map.entry("GET /health/ready", Access.PUBLIC),
      Map.entry("GET /v1/auth/oidc", Access.PUBLIC_LOOKUP),
      Map.entry("GET /v1/setup", Access.PUBLIC),
      Map.entry("POST /v1/setup", Access.PUBLIC_SIGN_IN),
      Map.entry("POST /v1/auth/sign-in", Access.PUBLIC_SIGN_IN),
      Map.entry("POST /v1/auth/links", Access.PUBLIC_SIGN_IN),
      Map.entry("POST /v1/auth/sign-out", Access.CUSTOMER),
      Map.entry("GET /v1/auth/session", Access.CUSTOMER),
      Map.entry("GET /v1/staff", Access.ADMIN),
      Map.entry("POST /v1/staff/invitations", Access.ADMIN),
      Map.entry("GET /v1/staff/invitations", Access.ADMIN),
      Map.entry("POST /v1/staff/invitations/{invitationId}/withdraw", Access.ADMIN),
      Map.entry("POST /v1/staff/invitations/{invitationId}/resend", Access.ADMIN),
      Map.entry("POST /v1/staff/{accountId}/password-reset", Access.ADMIN),
      Map.entry("DELETE /v1/staff/{accountId}", Access.ADMIN),
      Map.entry("GET /v1/site", Access.ADMIN),
      Map.entry("GET /v1/admin/changes", Access.ADMIN),
      Map.entry("POST /v1/site/publishable-keys", Access.ADMIN),
      Map.entry("DELETE /v1/site/publishable-keys/{fingerprint}", Access.ADMIN),
      Map.entry("PUT /v1/site/allowed-origins", Access.ADMIN),
      Map.entry("GET /metrics", Access.OPERATOR),
      Map.entry("GET /v1/openapi.json", Access.PUBLIC),
      Map.entry("GET /v1/tenants", Access.OPERATOR),
      Map.entry("GET /v1/tenants/{tenant}", Access.OPERATOR),
      Map.entry("PUT /v1/tenants/{tenant}", Access.OPERATOR),
      Map.entry("POST /v1/sessions", Access.CUSTOMER),
      Map.entry("GET /v1/sessions/{sessionId}", Access.OWN_SESSION),
      Map.entry("DELETE /v1/sessions/{sessionId}", Access.OWN_SESSION),
      Map.entry("POST /v1/sessions/{sessionId}/messages", Access.OWN_SESSION),
      Map.entry("POST /v1/sessions/{sessionId}/rating", Access.OWN_SESSION_CUSTOMER),
      Map.entry("POST /v1/sessions/{sessionId}/attachments", Access.OWN_SESSION_UNSEEN),
      Map.entry("GET /v1/sessions/{sessionId}/attachments/{attachmentId}", Access.OWN_SESSION_UNSEEN),
      Map.entry("GET /v1/widget/config", Access.CUSTOMER),
      Map.entry("GET /v1/a2a/{agentTenant}/.well-known/agent-card.json", Access.PUBLIC),
      Map.entry("POST /v1/a2a/{agentTenant}", Access.CUSTOMER),
      Map.entry("GET /v1/widget/install", Access.ADMIN),
      Map.entry("POST /v1/widget/install/check", Access.ADMIN),
      Map.entry("GET /v1/users/{userId}/memory", Access.OWN_USER),
      Map.entry("DELETE /v1/users/{userId}/memory", Access.OWN_USER),
      Map.entry("PUT /v1/users/{userId}/memory/{memoryId}", Access.OWN_USER),
      Map.entry("DELETE /v1/users/{userId}/memory/{memoryId}", Access.OWN_USER),
      Map.entry("POST /v1/kb/documents", Access.ADMIN),
      Map.entry("GET /v1/kb/documents", Access.AGENT),
      Map.entry("GET /v1/kb/documents/{documentId}", Access.AGENT),
      Map.entry("PUT /v1/kb/documents/{documentId}", Access.ADMIN),
      Map.entry("DELETE /v1/kb/documents/{documentId}", Access.ADMIN),
      Map.entry("GET /v1/kb/search", Access.AGENT),
      Map.entry("GET /v1/kb/documents/{documentId}/versions", Access.AGENT),
      Map.entry("POST /v1/kb/sources", Access.ADMIN),
      Map.entry("GET /v1/kb/sources", Access.AGENT),
      Map.entry("GET /v1/kb/sources/{sourceId}", Access.AGENT),
      Map.entry("DELETE /v1/kb/sources/{sourceId}", Access.ADMIN),
      Map.entry("GET /v1/kb/sources/{sourceId}/documents", Access.AGENT),
      Map.entry("POST /v1/kb/sources/{sourceId}/sync", Access.ADMIN),
      Map.entry("POST /v1/kb/files", Access.ADMIN),
      Map.entry("POST /v1/tickets", Access.AGENT),
      Map.entry("GET /v1/tickets", Access.AGENT),
      Map.entry("GET /v1/tickets/{ticketId}", Access.AGENT),
      Map.entry("PATCH /v1/tickets/{ticketId}", Access.AGENT),
      Map.entry("POST /v1/tickets/{ticketId}/replies", Access.AGENT),
      Map.entry("GET /v1/workflows/{workflowId}", Access.AGENT),
      Map.entry("GET /v1/calls", Access.AGENT),
      Map.entry("POST /v1/calls", Access.ADMIN),
      Map.entry("GET /v1/calls/{callId}", Access.ADMIN),
      Map.entry("DELETE /v1/calls/{callId}", Access.ADMIN),
      Map.entry("GET /v1/calls/trunk", Access.ADMIN),
      Map.entry("PUT /v1/calls/trunk", Access.ADMIN),
      Map.entry("DELETE /v1/calls/trunk", Access.ADMIN),
      Map.entry("GET /v1/campaigns", Access.ADMIN),
      Map.entry("POST /v1/campaigns", Access.ADMIN),
      Map.entry("GET /v1/campaigns/{campaignId}", Access.ADMIN),
      Map.entry("GET /v1/campaigns/{campaignId}/leads", Access.ADMIN),
      Map.entry("POST /v1/campaigns/{campaignId}/leads", Access.ADMIN),
      Map.entry("POST /v1/campaigns/{campaignId}/{action}", Access.ADMIN),
      Map.entry("GET /v1/do-not-call", Access.ADMIN),
      Map.entry("POST /v1/do-not-call", Access.ADMIN),
      Map.entry("DELETE /v1/do-not-call/{key}", Access.ADMIN),
      Map.entry("GET /v1/config", Access.ADMIN),
      Map.entry("PUT /v1/config", Access.ADMIN),
      Map.entry("GET /v1/config/versions", Access.ADMIN),
      Map.entry("GET /v1/config/versions/{version}", Access.ADMIN),
      Map.entry("GET /v1/config/diff", Access.ADMIN),
      Map.entry("POST /v1/config/rollback", Access.ADMIN),
      Map.entry("GET /v1/config/schema", Access.ADMIN),
      Map.entry("GET /v1/config/draft", Access.ADMIN),
      Map.entry("PUT /v1/config/draft", Access.ADMIN),
      Map.entry("DELETE /v1/config/draft", Access.ADMIN),
      Map.entry("POST /v1/config/draft/publish", Access.ADMIN),
      Map.entry("GET /v1/experiments", Access.ADMIN),
      Map.entry("POST /v1/experiments", Access.ADMIN),
      Map.entry("GET /v1/experiments/{experimentId}", Access.ADMIN),
      Map.entry("POST /v1/experiments/{experimentId}/stop", Access.ADMIN),
      Map.entry("POST /v1/experiments/{experimentId}/promote", Access.ADMIN),
      Map.entry("GET /v1/cache", Access.ADMIN),
      Map.entry("DELETE /v1/cache", Access.ADMIN),
      Map.entry("GET /v1/keys", Access.ADMIN),
      Map.entry("POST /v1/keys", Access.ADMIN),
      Map.entry("DELETE /v1/keys/{keyId}", Access.ADMIN),
      Map.entry("GET /v1/audit", Access.ADMIN),
      Map.entry("GET /v1/webhooks/deliveries", Access.ADMIN),
      Map.entry("POST /v1/webhooks/deliveries/{deliveryId}/redeliver", Access.ADMIN),
      Map.entry("POST /v1/tools/test", Access.ADMIN),
      Map.entry("GET /v1/tools/status", Access.ADMIN),
      Map.entry("GET /v1/conversations", Access.AGENT),
      Map.entry("GET /v1/conversations/export", Access.ADMIN),
      Map.entry("GET /v1/conversations/{sessionId}", Access.AGENT),
      Map.entry("GET /v1/conversations/{sessionId}/recording", Access.AGENT),
      Map.entry("GET /v1/conversations/{sessionId}/cost", Access.AGENT),
      Map.entry("PUT /v1/conversations/{sessionId}/tags/{tag}", Access.AGENT),
      Map.entry("DELETE /v1/conversations/{sessionId}/tags/{tag}", Access.AGENT),
      Map.entry("GET /v1/analytics", Access.AGENT),
      Map.entry("GET /v1/analytics/knowledge-gaps", Access.ADMIN),
      Map.entry("GET /v1/analytics/spend", Access.AGENT),
      Map.entry("POST /v1/conversations/{sessionId}/to-case", Access.ADMIN),
      Map.entry("POST /v1/conversations/{sessionId}/retry", Access.ADMIN),
      Map.entry("POST /v1/conversations/{sessionId}/messages", Access.AGENT),
      Map.entry("POST /v1/evaluations/cases", Access.ADMIN),
      Map.entry("GET /v1/evaluations/cases", Access.ADMIN),
      Map.entry("GET /v1/evaluations/cases/export", Access.ADMIN),
      Map.entry("POST /v1/evaluations/cases/import", Access.ADMIN),
      Map.entry("GET /v1/evaluations/cases/{caseId}", Access.ADMIN),
      Map.entry("PUT /v1/evaluations/cases/{caseId}", Access.ADMIN),
      Map.entry("DELETE /v1/evaluations/cases/{caseId}", Access.ADMIN),
      Map.entry("POST /v1/evaluations/runs", Access.ADMIN),
      Map.entry("GET /v1/evaluations/runs/{runId}", Access.ADMIN),
      Map.entry("POST /v1/mcp", Access.AGENT),
      Map.entry("GET /v1/agents/me", Access.AGENT),
      Map.entry("PUT /v1/agents/me", Access.AGENT),
      Map.entry("PUT /v1/agents/me/picture", Access.AGENT),
      Map.entry("DELETE /v1/agents/me/picture", Access.AGENT),
      Map.entry("GET /v1/agent-pictures/{pictureKey}", Access.PUBLIC_LOOKUP),
      Map.entry("GET /v1/saved-replies", Access.AGENT),
      Map.entry("POST /v1/saved-replies", Access.ADMIN),
      Map.entry("GET /v1/saved-replies/{savedReplyId}", Access.AGENT),
      Map.entry("PUT /v1/saved-replies/{savedReplyId}", Access.ADMIN),
      Map.entry("DELETE /v1/saved-replies/{savedReplyId}", Access.ADMIN),
      Map.entry("GET /v1/conversations/{sessionId}/notes", Access.AGENT),
      Map.entry("POST /v1/conversations/{sessionId}/notes", Access.AGENT),
      Map.entry("GET /v1/users/{userId}/export", Access.SELF_OR_ADMIN),
      Map.entry("DELETE /v1/users/{userId}", Access.ADMIN));

  private static ParleyNode node;
  /** Acme's resources, by the path parameter that names them. */
  private static final Map<String, String> RESOURCES = new LinkedHashMap<>();

  @BeforeAll
  static void start() throws Exception {
    node = ParleyNode.start(TestNode.config(TestPostgres.newDatabase(), Optional.empty(),
        Map.of("parley.management.ops-token", OpsClient.TOKEN,
            // Every probe comes from 127.0.0.1, and each account made for a probe to remove follows a link.
            "parley.staff.attempts-per-minute", 100_000,
            // Each caller allowed to delete a source deletes one of its own, made for it.
            "parley.kb.sources.max-sources-per-tenant", 1000)));
    try (ChatClient ada = ChatClient.connectAs(node.httpPort(), TENANT, Optional.of("ada"))) {
      RESOURCES.put("sessionId", ada.startNew());
      assertEquals("ack", ada.say("m-1", "My order " + MARKER + " has not arrived").get("type").asText());
      ada.answerOf("turn-1");
    }
    HttpResponse<String> attached = call("POST", "/v1/sessions/" + RESOURCES.get("sessionId") + "/attachments?name=order.txt",
        customer("ada"), "The order " + MARKER + " was sent to Ada.");
    assertEquals(201, attached.statusCode(), attached.body());
    RESOURCES.put("attachmentId", JSON.readTree(attached.body()).get("attachmentId").asText());
    RESOURCES.put("documentId", created(asAdmin("POST", "/v1/kb/documents",
        "{\"title\": \"Refunds\", \"content\": \"Refunds take five days. " + MARKER + "\", \"format\": \"text\"}")));
    RESOURCES.put("sourceId", created(asAdmin("POST", "/v1/kb/sources", knowledgeSource("Help " + MARKER))));
    RESOURCES.put("ticketId", created(call("POST", "/v1/tickets", bearer(TestIdentity.agentKey(TENANT)),
        "{\"subject\": \"Parcel " + MARKER + "\", \"description\": \"Lost\", \"priority\": \"normal\"}")));
    for (String instructions : List.of("Be brief. " + MARKER, "Be kind. " + MARKER)) {
      assertEquals(200, asAdmin("PUT", "/v1/config", "{\"config\": {\"instructions\": \"" + instructions + "\"}}").statusCode());
    }
    RESOURCES.put("experimentId", created(asAdmin("POST", "/v1/experiments", "{\"candidate\": 1, \"share\": 0.5}")));
    RESOURCES.put("keyId", created(asAdmin("POST", "/v1/keys", "{\"name\": \"crm " + MARKER + "\", \"roles\": [\"agent\"]}")));
    RESOURCES.put("savedReplyId", created(asAdmin("POST", "/v1/saved-replies",
        "{\"title\": \"Refunds\", \"body\": \"Refunds take five days. " + MARKER + "\"}")));
    created(asAdmin("POST", "/v1/conversations/" + RESOURCES.get("sessionId") + "/notes", "{\"body\": \"A note " + MARKER + "\"}"));
    RESOURCES.put("caseId", created(asAdmin("POST", "/v1/evaluations/cases", evaluationCase("Refunds " + MARKER)), "caseId"));
    HttpResponse<String> run = asAdmin("POST", "/v1/evaluations/runs", "{\"config\": \"live\"}");
    assertEquals(202, run.statusCode(), run.body());
    RESOURCES.put("runId", JSON.readTree(run.body()).get("runId").asText());
    RESOURCES.put("version", "1");
    RESOURCES.put("userId", "ada");
    RESOURCES.put("memoryId", "made-up.0");
    RESOURCES.put("workflowId", "escalation-" + UUID.randomUUID());
    RESOURCES.put("campaignId", created(asAdmin("POST", "/v1/campaigns", "{\"name\": \"Spring " + MARKER
        + "\", \"paused\": true}")));
    RESOURCES.put("action", "pause");
    RESOURCES.put("key", created(asAdmin("POST", "/v1/do-not-call", "{\"number\": \"+4915100000001\"}"), "key"));
    RESOURCES.put("callId", "call_" + UUID.randomUUID().toString().replace("-", "").substring(0, 24));
    RESOURCES.put("deliveryId", UUID.randomUUID().toString());
    RESOURCES.put("invitationId", UUID.randomUUID().toString().replace("-", ""));
    RESOURCES.put("tenant", "matrix-probe");
    RESOURCES.put("agentTenant", TENANT);
    assertEquals(201, call("PUT", "/v1/tenants/matrix-probe", bearer(OpsClient.TOKEN), API_TENANT_ENTRY).statusCode());
    RESOURCES.put("tag", "vip");
    RESOURCES.put("accountId", staffAccount());
    RESOURCES.put("fingerprint", "0123456789ab");
    // A picture's key is random, new with each upload: one of its shape, never computed from the agent.
    RESOURCES.put("pictureKey", UUID.randomUUID().toString().replace("-", ""));
    awaitConversationRow(RESOURCES.get("sessionId"));
  }

  /** The read model has the session's row (its projection runs behind the journal), so it can be tagged. */
  private static void awaitConversationRow(String sessionId) throws Exception {
    await("the conversations projection showing " + sessionId).atMost(java.time.Duration.ofSeconds(60))
        .pollInterval(java.time.Duration.ofMillis(200))
        .until(() -> asAdmin("GET", "/v1/conversations?tenant=" + TENANT, null).body().contains(sessionId));
  }

  @AfterAll
  static void stop() {
    if (node != null) node.close();
  }

  @Test
  void everyPublishedOperationAnswersOnlyToCallersAllowedToSeeIt() throws Exception {
    List<Operation> operations = publishedOperations();
    List<String> failures = new ArrayList<>();
    // Request ids of the refusals, by the tenant whose audit log must hold them, and what they were.
    Map<String, Map<String, String>> refusals = Map.of(TENANT, new LinkedHashMap<>(), OTHER_TENANT, new LinkedHashMap<>());
    for (Operation operation : operations) {
      Access access = ACCESS.get(operation.key());
      if (access == null) {
        failures.add(operation.key() + ": not in the matrix; say who may call it");
        continue;
      }
      for (Probe probe : probes(access)) {
        // A caller allowed to delete deletes a resource of its own making, not the fixture; the draft
        // operations find a draft of acme's, whatever the ones before did with it. Forgetting memory is
        // the customer's own, ada's: her memory is no part of the fixture (no session of hers closed).
        boolean ownMemory = operation.template().startsWith("/v1/users/{userId}/memory");
        Map<String, String> resources = (operation.method().equals("DELETE") && !ownMemory
            || operation.template().startsWith("/v1/config/draft")) && !probe.stranger() ? freshResources() : RESOURCES;
        HttpResponse<String> response = call(operation.method(), operation.path(resources, probe.namesTenant()),
            probe.authorization(), operation.body());
        String outcome = operation.key() + " as " + probe.name() + ": " + response.statusCode() + " " + response.body();
        // The workflow, delivery, invitation and memory ids are made up (no escalation ran, no delivery failed,
        // an invitation is named once it is made): acme's staff get 404 like anyone.
        boolean noWorkflow = (operation.template().contains("{workflowId}") || operation.template().contains("{deliveryId}")
            || operation.template().contains("{invitationId}") || operation.template().contains("{memoryId}"))
            && response.statusCode() == 404;
        // Acme and globex are PARLEY_TENANTS' (their sites are the operator's: 409), and the fingerprint is made up (404).
        boolean operatorsSite = operation.template().startsWith("/v1/site/")
            && (response.statusCode() == 409 || response.statusCode() == 404);
        // A conversation without a customer message is no case: acme's admin is let through to the 409 that says so.
        boolean noCase = operation.template().endsWith("/to-case") && response.statusCode() == 409;
        // Acme's conversation never failed: acme's admin let through meets the 404 of no failed-safe conversation.
        boolean notFailed = operation.template().endsWith("/retry") && response.statusCode() == 404;
        // Acme's conversation is a chat, never a recorded call: staff let through meet the 404 of no recording.
        boolean notRecorded = operation.template().endsWith("/recording") && response.statusCode() == 404;
        // The fixtures' tickets were opened through the API: an agent let through (acme's to acme's
        // ticket, globex's to its own of the same number) meets the 409 that says it has no conversation.
        boolean noConversation = operation.template().endsWith("/replies") && response.statusCode() == 409;
        // Nobody took acme's conversation over: an agent let through meets the 409 that says it does not hold it.
        boolean notHeld = operation.key().equals("POST /v1/conversations/{sessionId}/messages") && response.statusCode() == 409;
        // No call is placed here (its target is an address the outbound policy refuses: 400), so the
        // call id is made up and the trunk may be gone: an admin let through (acme's, or globex's in its own
        // tenant) meets 400 or 404.
        boolean noCall = (operation.template().startsWith("/v1/calls/") || operation.key().equals("POST /v1/calls"))
            && (response.statusCode() == 404 || response.statusCode() == 400);
        boolean allowedOutcome = probe.expected() == Expected.SUCCESS || probe.expected() == Expected.NOTHING_OF_ACME;
        // One experiment runs at a time, and an ended one is neither stopped nor promoted: an admin let through may meet the 409.
        boolean experimentState = operation.template().startsWith("/v1/experiments") && response.statusCode() == 409;
        // The fixture's campaign is paused: an admin let through to pause it again meets the 409 that says it cannot.
        boolean campaignState = operation.template().startsWith("/v1/campaigns/{campaignId}/{action}")
            && response.statusCode() == 409;
        if (!probe.expected().allows(response.statusCode())
            && !(probe.expected() == Expected.SUCCESS && (noWorkflow || noCase || notFailed || notRecorded))
            && !(allowedOutcome && (operatorsSite || experimentState || campaignState || noConversation || notHeld
                || noCall))) {
          failures.add(outcome + " (expected " + probe.expected() + ")");
        }
        if (probe.stranger() && response.body().contains(MARKER)) failures.add(outcome + " (acme's data leaked)");
        if (response.statusCode() >= 500) failures.add(outcome + " (a server error)");
        if ((response.statusCode() == 401 || response.statusCode() == 403) && access != Access.OPERATOR
            && access != Access.PUBLIC_SIGN_IN) {
          refusals.get(probe.auditedIn()).put(response.headers().firstValue("X-Request-Id").orElseThrow(), outcome);
        }
      }
    }
    assertTrue(failures.isEmpty(), String.join("\n", failures));
    for (Map.Entry<String, Map<String, String>> tenant : refusals.entrySet()) assertAudited(tenant.getKey(), tenant.getValue());
    assertFixtureIntact();
  }

  /**
   * The tenant's draft configuration reaches its admins only: its widget appearance
   * ({@code ?draft=true}) and a conversation on it, over REST and the chat socket, are refused to
   * its customers and agents and to another tenant's admin, and no refusal holds any of the draft.
   */
  @Test
  void theDraftAnswersOnlyToTheTenantsAdmins() throws Exception {
    String secret = "draft-marker-" + UUID.randomUUID();
    assertEquals(200, asAdmin("PUT", "/v1/config/draft",
        "{\"config\": {\"widget\": {\"greeting\": \"" + secret + "\"}}}").statusCode());
    String draftAppearance = "/v1/widget/config?tenant=" + TENANT + "&draft=true";
    Map<String, String> refused = Map.of(
        "a customer", bearer(TestIdentity.customerToken(TENANT, Optional.of("ada"))),
        "an agent", bearer(TestIdentity.agentKey(TENANT)),
        "another tenant's admin", bearer(TestIdentity.adminKey(OTHER_TENANT)));
    for (Map.Entry<String, String> caller : refused.entrySet()) {
      for (HttpResponse<String> answer : List.of(call("GET", draftAppearance, caller.getValue(), null),
          call("POST", "/v1/sessions?tenant=" + TENANT, caller.getValue(), "{\"draft\": true}"))) {
        assertEquals(403, answer.statusCode(), caller.getKey() + ": " + answer.body());
        assertFalse(answer.body().contains(secret), caller.getKey());
      }
    }
    assertEquals(401, call("GET", draftAppearance, null, null).statusCode(), "no credential");
    try (ChatClient customer = ChatClient.connectAs(node.httpPort(), TENANT, Optional.of("ada"))) {
      customer.send(frame("start").put("draft", true));
      JsonNode error = customer.expect("error");
      assertEquals("forbidden", error.get("code").asText(), "a customer's draft start on the socket");
      assertFalse(error.toString().contains(secret));
    }
    HttpResponse<String> admin = call("GET", draftAppearance, bearer(TestIdentity.adminKey(TENANT)), null);
    assertEquals(200, admin.statusCode(), admin.body());
    assertTrue(admin.body().contains(secret), "the tenant's admin sees its draft");
  }

  @Test
  void sessionFramesAnswerOnlyToTheSessionsCustomerAndItsTenantsStaff() throws Exception {
    String sessionId = RESOURCES.get("sessionId");
    try (ChatClient ada = ChatClient.connectAs(node.httpPort(), TENANT, Optional.of("ada"))) {
      assertTrue(ada.resume(sessionId, 0).get("resumed").asBoolean());
    }
    try (ChatClient bob = ChatClient.connectAs(node.httpPort(), TENANT, Optional.of("bob"))) {
      bob.send(frame("start").put("sessionId", sessionId));
      assertEquals("forbidden", bob.expect("error").get("code").asText(), "another customer of the tenant");
    }
    try (ChatClient stranger = ChatClient.connectAs(node.httpPort(), OTHER_TENANT, Optional.of("ada"))) {
      stranger.send(frame("start").put("sessionId", sessionId));
      assertEquals("not_found", stranger.expect("error").get("code").asText(), "a customer of another tenant");
    }
    try (ChatClient stranger = ChatClient.agent(node.httpPort(), OTHER_TENANT, "eve", "Eve")) {
      for (String action : List.of("open", "take", "handBack", "suggest", "close")) {
        stranger.send(frame(action).put("sessionId", sessionId));
        JsonNode refused = stranger.expect("error");
        assertEquals("not_found", refused.get("code").asText(), "another tenant's agent: " + action);
        assertFalse(refused.toString().contains(MARKER));
      }
      stranger.send(frame("translate").put("sessionId", sessionId).put("language", "en"));
      JsonNode refused = stranger.expect("error");
      assertEquals("not_found", refused.get("code").asText(), "another tenant's agent: translate");
      assertFalse(refused.toString().contains(MARKER));
    }
    for (String query : List.of("?tenant=" + TENANT, "?tenant=" + TENANT + "&token=" + expiredToken(),
        "?tenant=" + TENANT + "&token=" + forgedToken(), "?tenant=" + TENANT + "&key=not-a-publishable-key")) {
      assertEquals(401, refusedUpgrade("/v1/chat/ws" + query), "chat socket " + query);
    }
    assertEquals(403, refusedUpgrade("/v1/agent/ws?token=" + TestIdentity.customerToken(TENANT, Optional.of("ada"))),
        "a customer's token on the agent socket");
    assertEquals(401, refusedUpgrade("/v1/agent/ws?token=" + expiredToken()), "an expired token on the agent socket");
    assertEquals(403, refusedUpgrade("/v1/agent/phone?token=" + TestIdentity.customerToken(TENANT, Optional.of("ada"))),
        "a customer's token on an agent's console phone");
    assertEquals(401, refusedUpgrade("/v1/agent/phone?token=" + expiredToken()), "an expired token on a console phone");
    assertFixtureIntact();
  }

  /**
   * Every published write that names a conversation (a note, a tag, a message, a close, a rating,
   * an upload, an evaluation case) answers 404 to another tenant's admin naming acme's conversation
   * and to acme's admin naming a conversation that does not exist: nothing is kept on a
   * conversation that is not the caller's tenant's. The agent socket's frames that act on a
   * conversation answer {@code not_found} to a made-up id the same way.
   */
  @Test
  void everyWriteNamingAConversationIsNotFoundUnlessItIsTheCallersTenants() throws Exception {
    List<Operation> writes = publishedOperations().stream()
        .filter(operation -> !operation.method().equals("GET") && operation.template().contains("{sessionId}")).toList();
    assertTrue(writes.stream().anyMatch(write -> write.key().equals("POST /v1/conversations/{sessionId}/notes")),
        writes.toString());
    Map<String, String> madeUp = new LinkedHashMap<>(RESOURCES);
    madeUp.put("sessionId", UUID.randomUUID().toString());
    List<String> failures = new ArrayList<>();
    for (Operation write : writes) {
      for (Probe probe : List.of(
          new Probe("another tenant's admin naming acme's conversation", bearer(TestIdentity.adminKey(OTHER_TENANT)),
              false, true, Expected.NOT_FOUND),
          new Probe("acme's admin naming a made-up conversation", bearer(TestIdentity.adminKey(TENANT)), true, false,
              Expected.NOT_FOUND))) {
        Map<String, String> resources = probe.stranger() ? RESOURCES : madeUp;
        HttpResponse<String> response = call(write.method(), write.path(resources, probe.namesTenant()),
            probe.authorization(), write.body());
        if (response.statusCode() != 404 || response.body().contains(MARKER)) {
          failures.add(write.key() + " as " + probe.name() + ": " + response.statusCode() + " " + response.body());
        }
      }
    }
    assertTrue(failures.isEmpty(), String.join("\n", failures));
    HttpResponse<String> notes = asAdmin("GET", "/v1/conversations/" + madeUp.get("sessionId") + "/notes", null);
    assertEquals(404, notes.statusCode(), "no note was kept on the made-up conversation: " + notes.body());
    try (ChatClient agent = ChatClient.agent(node.httpPort(), TENANT, "eve", "Eve")) {
      for (String action : List.of("open", "take", "handBack", "suggest", "close")) {
        agent.send(frame(action).put("sessionId", madeUp.get("sessionId")));
        assertEquals("not_found", agent.expect("error").get("code").asText(), "a made-up conversation: " + action);
      }
      agent.send(frame("reply").put("sessionId", madeUp.get("sessionId")).put("clientMsgId", "probe-1").put("text", "Hi"));
      assertEquals("not_found", agent.expect("error").get("code").asText(), "a made-up conversation: reply");
    }
    assertFixtureIntact();
  }

  /** The callers an operation is tried with, and what each must get. */
  private static List<Probe> probes(Access access) {
    List<Probe> probes = new ArrayList<>();
    if (access == Access.PUBLIC) {
      probes.add(new Probe("no credential", null, true, true, Expected.SUCCESS));
      return probes;
    }
    if (access == Access.PUBLIC_SIGN_IN) {
      probes.add(new Probe("no credential", null, true, true, Expected.REFUSED_BY_BODY));
      return probes;
    }
    if (access == Access.PUBLIC_LOOKUP) {
      probes.add(new Probe("no credential", null, true, true, Expected.FOUND_OR_NOT_FOUND));
      return probes;
    }
    Expected unauthorized = access == Access.OPERATOR ? Expected.REFUSED : Expected.UNAUTHORIZED;
    probes.add(new Probe("no credential", null, true, true, unauthorized));
    for (Map.Entry<String, String> broken : brokenTokens().entrySet()) {
      probes.add(new Probe(broken.getKey(), bearer(broken.getValue()), true, true, unauthorized));
    }
    probes.add(new Probe("an oversized token", bearer(oversizedToken()), true, true, Expected.TOO_LARGE_OR_REFUSED));
    probes.add(new Probe("an API key of another tenant naming acme", bearer(TestIdentity.adminKey(OTHER_TENANT)),
        true, true, access == Access.OPERATOR ? Expected.REFUSED : Expected.FORBIDDEN));
    probes.add(new Probe("another tenant's admin", bearer(TestIdentity.adminKey(OTHER_TENANT)), false, true,
        access == Access.OPERATOR ? Expected.REFUSED : Expected.NOTHING_OF_ACME));
    switch (access) {
      case OPERATOR -> {
        probes.add(new Probe("acme's admin", bearer(TestIdentity.adminKey(TENANT)), false, true, Expected.REFUSED));
        probes.add(new Probe("the operator", bearer(OpsClient.TOKEN), false, false, Expected.SUCCESS));
      }
      case CUSTOMER -> probes.add(new Probe("a customer", customer("bob"), false, false, Expected.SUCCESS));
      case OWN_SESSION, OWN_USER -> {
        probes.add(new Probe("another customer of acme", customer("bob"), false, true, Expected.FORBIDDEN));
        probes.add(new Probe("the customer", customer("ada"), false, false, Expected.SUCCESS));
        probes.add(new Probe("acme's agent", bearer(TestIdentity.agentKey(TENANT)), false, false, Expected.SUCCESS));
      }
      case OWN_SESSION_UNSEEN -> {
        probes.add(new Probe("another customer of acme", customer("bob"), false, true, Expected.NOT_FOUND));
        probes.add(new Probe("the customer", customer("ada"), false, false, Expected.SUCCESS));
        probes.add(new Probe("acme's agent", bearer(TestIdentity.agentKey(TENANT)), false, false, Expected.SUCCESS));
      }
      case OWN_SESSION_CUSTOMER -> {
        probes.add(new Probe("another customer of acme", customer("bob"), false, true, Expected.FORBIDDEN));
        probes.add(new Probe("acme's agent", bearer(TestIdentity.agentKey(TENANT)), false, true, Expected.FORBIDDEN));
        probes.add(new Probe("the customer", customer("ada"), false, false, Expected.SUCCESS));
      }
      case SELF_OR_ADMIN -> {
        probes.add(new Probe("another customer of acme", customer("bob"), false, true, Expected.FORBIDDEN));
        probes.add(new Probe("acme's agent", bearer(TestIdentity.agentKey(TENANT)), false, true, Expected.FORBIDDEN));
        probes.add(new Probe("the customer", customer("ada"), false, false, Expected.SUCCESS));
        probes.add(new Probe("acme's admin", bearer(TestIdentity.adminKey(TENANT)), false, false, Expected.SUCCESS));
      }
      case AGENT -> {
        probes.add(new Probe("a customer of acme", customer("ada"), false, true, Expected.FORBIDDEN));
        probes.add(new Probe("acme's agent", bearer(TestIdentity.agentKey(TENANT)), false, false, Expected.SUCCESS));
      }
      case ADMIN -> {
        probes.add(new Probe("a customer of acme", customer("ada"), false, true, Expected.FORBIDDEN));
        probes.add(new Probe("acme's agent", bearer(TestIdentity.agentKey(TENANT)), false, true, Expected.FORBIDDEN));
        probes.add(new Probe("acme's admin", bearer(TestIdentity.adminKey(TENANT)), false, false, Expected.SUCCESS));
      }
      default -> throw new IllegalStateException("no probes for " + access);
    }
    return probes;
  }

  /** Tokens that must never be accepted, each naming acme's admin role where it can. */
  private static Map<String, String> brokenTokens() {
    Map<String, String> tokens = new LinkedHashMap<>();
    tokens.put("an expired token", expiredToken());
    tokens.put("a forged token", forgedToken());
    tokens.put("an alg:none token", new PlainJWT(new PlainHeader.Builder().type(JOSEObjectType.JWT).build(),
        adminClaims().build()).serialize());
    tokens.put("a token for another audience", TestIdentity.signed(adminClaims().audience("someone-else").build(),
        TestIdentity.SECRET));
    tokens.put("a token of a tenant that does not exist", TestIdentity.signed(
        TestIdentity.claims("no-such-tenant", Optional.of("ada"), List.of("admin")).build(), TestIdentity.SECRET));
    return tokens;
  }

  private static String oversizedToken() {
    return TestIdentity.signed(adminClaims().claim("padding", "x".repeat(20_000)).build(), TestIdentity.SECRET);
  }

  private static JWTClaimsSet.Builder adminClaims() {
    return TestIdentity.claims(TENANT, Optional.of("mallory"), List.of("admin"));
  }

  private static String expiredToken() {
    return TestIdentity.signed(adminClaims().expirationTime(Date.from(Instant.now().minusSeconds(3600))).build(),
        TestIdentity.SECRET);
  }

  private static String forgedToken() {
    return TestIdentity.signed(adminClaims().build(), "not-the-tenants-secret-but-long-enough-to-sign");
  }

  private static String customer(String userId) {
    return bearer(TestIdentity.customerToken(TENANT, Optional.of(userId)));
  }

  /** Every refusal is in {@code tenant}'s audit log, found by its request id, within a few seconds (it is written behind). */
  private static void assertAudited(String tenant, Map<String, String> refusals) throws Exception {
    java.util.Set<String> missing = new java.util.HashSet<>(refusals.keySet());
    await("every refusal in " + tenant + "'s audit log").atMost(java.time.Duration.ofSeconds(10))
        .pollInterval(java.time.Duration.ofMillis(200)).untilAsserted(() -> {
          String cursor = null;
          do {
            HttpResponse<String> page = call("GET", "/v1/audit?limit=500" + (cursor == null ? "" : "&before=" + cursor),
                bearer(TestIdentity.adminKey(tenant)), null);
            JsonNode body = JSON.readTree(page.body());
            body.get("entries").forEach(entry -> missing.remove(entry.get("requestId").asText()));
            cursor = body.path("next").isTextual() ? body.get("next").asText() : null;
          } while (cursor != null && !missing.isEmpty());
          assertTrue(missing.isEmpty(), "refusals missing from " + tenant + "'s audit log:\n"
              + String.join("\n", missing.stream().map(refusals::get).toList()));
        });
  }

  /**
   * A session of ada's (with its conversation row), a document, a knowledge source and an API key of
   * acme's and a user, made for one caller to delete.
   */
  private static Map<String, String> freshResources() throws Exception {
    Map<String, String> resources = new LinkedHashMap<>(RESOURCES);
    try (ChatClient ada = ChatClient.connectAs(node.httpPort(), TENANT, Optional.of("ada"))) {
      resources.put("sessionId", ada.startNew());
      assertEquals("ack", ada.say("d-1", "Please forget this").get("type").asText(), "a conversation: its customer wrote");
    }
    awaitConversationRow(resources.get("sessionId"));
    resources.put("documentId", created(asAdmin("POST", "/v1/kb/documents",
        "{\"title\": \"Old\", \"content\": \"To be removed.\", \"format\": \"text\"}")));
    resources.put("sourceId", created(asAdmin("POST", "/v1/kb/sources", knowledgeSource("Old"))));
    resources.put("keyId", created(asAdmin("POST", "/v1/keys", "{\"name\": \"old\", \"roles\": [\"agent\"]}")));
    resources.put("savedReplyId", created(asAdmin("POST", "/v1/saved-replies",
        "{\"title\": \"Old " + UUID.randomUUID() + "\", \"body\": \"To be removed.\"}")));
    resources.put("userId", "leaving-" + UUID.randomUUID());
    resources.put("caseId", created(asAdmin("POST", "/v1/evaluations/cases", evaluationCase("Old case")), "caseId"));
    resources.put("accountId", staffAccount());
    resources.put("key", created(asAdmin("POST", "/v1/do-not-call", "{\"number\": \"+49151" + (10000000
        + new java.util.Random().nextInt(80000000)) + "\"}"), "key"));
    assertEquals(200, asAdmin("PUT", "/v1/config/draft", "{\"config\": {\"instructions\": \"A draft.\"}}").statusCode());
    return resources;
  }

  /** A website source on a private address: its syncs fail at the outbound policy, fetching nothing. */
  private static String knowledgeSource(String name) {
    return "{\"kind\": \"website\", \"name\": \"" + name + "\", \"url\": \"http://10.0.0.1/sitemap.xml\", \"sitemap\": true}";
  }

  /** A staff account of acme's, invited by its admin: its id. */
  private static String staffAccount() throws Exception {
    String email = "probe-" + UUID.randomUUID() + "@acme.example";
    HttpResponse<String> invited = asAdmin("POST", "/v1/staff/invitations",
        "{\"email\": \"" + email + "\", \"roles\": [\"agent\"]}");
    assertEquals(201, invited.statusCode(), invited.body());
    String link = JSON.readTree(invited.body()).get("link").asText();
    HttpResponse<String> joined = call("POST", "/v1/auth/links", null, "{\"link\": \"" + link.substring(link.indexOf('#') + 1)
        + "\", \"password\": \"a long enough password\"}");
    assertEquals(200, joined.statusCode(), joined.body());
    for (JsonNode account : JSON.readTree(asAdmin("GET", "/v1/staff", null).body()).get("accounts")) {
      if (account.get("email").asText().equals(email)) return account.get("id").asText();
    }
    throw new AssertionError("no account " + email);
  }

  /** Nothing another caller could have done left a mark on acme's resources. */
  private static void assertFixtureIntact() throws Exception {
    String admin = bearer(TestIdentity.adminKey(TENANT));
    HttpResponse<String> session = call("GET", "/v1/sessions/" + RESOURCES.get("sessionId"), admin, null);
    assertEquals(200, session.statusCode(), session.body());
    assertEquals("open", JSON.readTree(session.body()).get("status").asText(), session.body());
    assertTrue(session.body().contains(MARKER), session.body());
    assertEquals(200, call("GET", "/v1/kb/documents/" + RESOURCES.get("documentId"), admin, null).statusCode());
    assertEquals(200, call("GET", "/v1/kb/sources/" + RESOURCES.get("sourceId"), admin, null).statusCode());
    HttpResponse<String> ticket = call("GET", "/v1/tickets/" + RESOURCES.get("ticketId"), admin, null);
    assertEquals("open", JSON.readTree(ticket.body()).get("status").asText(), ticket.body());
    HttpResponse<String> keys = call("GET", "/v1/keys", admin, null);
    boolean keyActive = false;
    for (JsonNode key : JSON.readTree(keys.body()).get("keys")) {
      if (key.get("id").asText().equals(RESOURCES.get("keyId"))) keyActive = key.get("active").asBoolean();
    }
    assertTrue(keyActive, "acme's key is still active: " + keys.body());
  }

  private static int refusedUpgrade(String pathAndQuery) {
    CompletionException refused = assertThrows(CompletionException.class, () -> ChatClient.open(node.httpPort(), pathAndQuery));
    return ((WebSocketHandshakeException) refused.getCause()).getResponse().statusCode();
  }

  private static List<Operation> publishedOperations() throws Exception {
    HttpResponse<String> spec = call("GET", "/v1/openapi.json", null, null);
    assertEquals(200, spec.statusCode());
    List<Operation> operations = new ArrayList<>();
    Iterator<Map.Entry<String, JsonNode>> paths = JSON.readTree(spec.body()).get("paths").fields();
    while (paths.hasNext()) {
      Map.Entry<String, JsonNode> path = paths.next();
      for (String method : List.of("get", "post", "put", "patch", "delete")) {
        if (path.getValue().has(method)) operations.add(new Operation(method.toUpperCase(), path.getKey()));
      }
    }
    assertTrue(operations.size() >= ACCESS.size(), "openapi.json lists " + operations);
    return operations;
  }

  /** One operation of openapi.json, made concrete with acme's resources and a valid body. */
  private record Operation(String method, String template) {
    String key() {
      return method + " " + template;
    }

    /** The path with {@code resources} in it; naming acme in {@code ?tenant=} when asked to. */
    String path(Map<String, String> resources, boolean namesTenant) {
      String path = template;
      for (Map.Entry<String, String> resource : resources.entrySet()) {
        path = path.replace("{" + resource.getKey() + "}", URLEncoder.encode(resource.getValue(), StandardCharsets.UTF_8));
      }
      String query = switch (template) {
        case "/v1/kb/search" -> "q=refund";
        case "/v1/kb/files" -> "name=probe.md";
        case "/v1/config/diff" -> "from=1&to=2";
        case "/v1/analytics" -> "from=2020-01-01T00:00:00Z&to=2030-01-01T00:00:00Z&interval=week";
        default -> "";
      };
      if (namesTenant) query = query.isEmpty() ? "tenant=" + TENANT : query + "&tenant=" + TENANT;
      return query.isEmpty() ? path : path + "?" + query;
    }

    /** A valid body, so that only who is calling decides the answer; a new id each time. */
    String body() {
      return switch (key()) {
        case "POST /v1/sessions" -> "{}";
        case "POST /v1/sessions/{sessionId}/messages" -> "{\"clientMsgId\": \"probe-" + UUID.randomUUID()
            + "\", \"text\": \"Hello\"}";
        case "POST /v1/kb/documents", "PUT /v1/kb/documents/{documentId}" ->
            "{\"title\": \"Probe\", \"content\": \"A probe.\", \"format\": \"text\"}";
        case "POST /v1/kb/sources" -> knowledgeSource("Probe");
        case "POST /v1/kb/files" -> "# Probe\n\nA probe.";
        case "POST /v1/tickets" -> "{\"subject\": \"Probe\", \"description\": \"A probe\", \"priority\": \"low\"}";
        case "PATCH /v1/tickets/{ticketId}" -> "{\"note\": \"A probe\"}";
        case "POST /v1/tickets/{ticketId}/replies" -> "{\"text\": \"A probe reply\"}";
        case "PUT /v1/config", "PUT /v1/config/draft" -> "{\"config\": {\"instructions\": \"A probe.\"}}";
        case "POST /v1/config/rollback" -> "{\"version\": 1}";
        case "POST /v1/experiments" -> "{\"candidate\": 1, \"share\": 0.5}";
        case "POST /v1/campaigns" -> "{\"name\": \"Probe\", \"paused\": true}";
        case "POST /v1/campaigns/{campaignId}/leads" -> "[]";
        case "POST /v1/do-not-call" -> "{\"number\": \"+4915100000002\"}";
        // A private address: the check answers without fetching anything.
        case "POST /v1/widget/install/check" -> "{\"url\": \"http://10.0.0.1/help\"}";
        // The node's own health page: any answer to its HEAD is a server reached, and nothing is called.
        case "POST /v1/tools/test" -> "{\"httpTool\": {\"name\": \"probe\", \"description\": \"A probe\", \"url\":"
            + " \"http://127.0.0.1:" + node.httpPort() + "/health/live\", \"parameters\": {\"type\": \"object\"}}}";
        case "POST /v1/sessions/{sessionId}/rating" -> "{\"score\": 5}";
        // A task look-up: answered without starting a conversation.
        case "POST /v1/a2a/{agentTenant}" -> "{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": \"GetTask\", \"params\": {\"id\": \"probe\"}}";
        case "POST /v1/sessions/{sessionId}/attachments" -> "A note to attach.";
        case "POST /v1/keys" -> "{\"name\": \"probe\", \"roles\": [\"agent\"]}";
        // A private address: refused by the outbound policy before anything is dialled.
        case "POST /v1/calls" -> "{\"to\": \"sip:probe@10.0.0.1\", \"callerId\": \"+4930111222\"}";
        // A public address written as one: saved without a look-up, and never called here.
        case "PUT /v1/calls/trunk" -> "{\"host\": \"8.8.8.8\", \"callerId\": \"+4930111222\"}";
        case "PUT /v1/tenants/{tenant}" -> API_TENANT_ENTRY;
        case "POST /v1/evaluations/cases", "PUT /v1/evaluations/cases/{caseId}" -> evaluationCase("Probe");
        case "POST /v1/evaluations/cases/import" -> "{\"cases\": [" + evaluationCase("Probe") + "]}";
        // Acme's case by its id: another tenant's admin learns only that its own tenant has no such case.
        case "POST /v1/evaluations/runs" -> "{\"config\": \"live\", \"cases\": [\"" + RESOURCES.get("caseId") + "\"]}";
        case "POST /v1/setup" -> "{\"link\": \"made-up\", \"email\": \"probe@acme.example\", \"password\": \"a long enough password\"}";
        case "POST /v1/auth/sign-in" -> "{\"email\": \"probe@acme.example\", \"password\": \"a long enough password\"}";
        case "POST /v1/auth/links" -> "{\"link\": \"made-up\", \"password\": \"a long enough password\"}";
        case "POST /v1/staff/invitations" -> "{\"email\": \"probe-" + UUID.randomUUID() + "@acme.example\", \"roles\": [\"agent\"]}";
        case "PUT /v1/site/allowed-origins" -> "{\"allowedOrigins\": []}";
        case "PUT /v1/agents/me" -> "{\"displayName\": \"Probe\"}";
        case "PUT /v1/users/{userId}/memory/{memoryId}" -> "{\"text\": \"A probe\"}";
        case "PUT /v1/agents/me/picture" -> "{\"image\": \"" + Base64.getEncoder().encodeToString(TestImages.png(8, 8)) + "\"}";
        case "POST /v1/saved-replies", "PUT /v1/saved-replies/{savedReplyId}" ->
            "{\"title\": \"Probe " + UUID.randomUUID() + "\", \"body\": \"A probe.\"}";
        case "POST /v1/conversations/{sessionId}/notes" -> "{\"body\": \"A probe\"}";
        case "POST /v1/conversations/{sessionId}/messages" -> "{\"text\": \"A probe\"}";
        case "POST /v1/mcp" -> "{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": \"tools/call\", \"params\": {\"name\": "
            + "\"read_conversation\", \"arguments\": {\"sessionId\": \"" + RESOURCES.get("sessionId") + "\"}}}";
        default -> null;
      };
    }
  }

  /**
   * One caller: {@code namesTenant} adds {@code ?tenant=acme}; a {@code stranger} may not see acme's
   * data in any answer.
   */
  private record Probe(String name, String authorization, boolean namesTenant, boolean stranger, Expected expected) {
    /** A credential of another tenant is refused in its own tenant's log; anything else in acme's. */
    String auditedIn() {
      return authorization != null && authorization.endsWith(TestIdentity.adminKey(OTHER_TENANT)) ? OTHER_TENANT : TENANT;
    }
  }

  /** The answers a probe may get. */
  private enum Expected {
    SUCCESS, FOUND_OR_NOT_FOUND, NOT_FOUND, REFUSED_BY_BODY, UNAUTHORIZED, FORBIDDEN, REFUSED, TOO_LARGE_OR_REFUSED,
    NOTHING_OF_ACME;

    boolean allows(int status) {
      return switch (this) {
        case SUCCESS -> status < 300;
        case FOUND_OR_NOT_FOUND -> status < 300 || status == 404;
        case NOT_FOUND -> status == 404;
        case REFUSED_BY_BODY -> status == 400 || status == 401 || status == 410;
        case UNAUTHORIZED -> status == 401;
        case FORBIDDEN -> status == 403;
        case REFUSED -> status == 401 || status == 403;
        // A header past the server's limit is refused before any route sees it.
        case TOO_LARGE_OR_REFUSED -> status == 431 || status == 401 || status == 403;
        // Acts in its own tenant: acme's ids are unknown there, its own lists hold nothing of acme's.
        case NOTHING_OF_ACME -> status < 300 || status == 404;
      };
    }
  }

  private static String evaluationCase(String name) {
    return "{\"name\": \"" + name + "\", \"messages\": [\"Can I get a refund?\"], \"expect\": [{\"handoff\": false}]}";
  }

  private static String created(HttpResponse<String> response) throws Exception {
    return created(response, "id");
  }

  private static String created(HttpResponse<String> response, String idField) throws Exception {
    assertEquals(201, response.statusCode(), response.body());
    return JSON.readTree(response.body()).get(idField).asText();
  }

  private static HttpResponse<String> asAdmin(String method, String path, String body) throws Exception {
    return call(method, path, bearer(TestIdentity.adminKey(TENANT)), body);
  }

  private static String bearer(String credential) {
    return "Bearer " + credential;
  }

  private static HttpResponse<String> call(String method, String path, String authorization, String body) throws Exception {
    return TestIdentity.call(node.httpPort(), method, path, authorization, body);
  }
}
