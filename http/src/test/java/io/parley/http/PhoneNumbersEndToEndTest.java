package io.parley.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import io.parley.core.llm.testing.FakeChatCompletionsServer;
import io.parley.persistence.testing.TestPostgres;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sip.header.Header;
import javax.sip.message.Response;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * Tenants' phone numbers in their configuration documents, over real SIP on a two-node cluster:
 * telephony on the first node, every configuration change made through the second. A number
 * published by acme reaches acme at once; one acme holds is refused to globex with a problem that
 * names no tenant, until acme gives it up; an unknown number gets 404 once any number is claimed,
 * where before every number reached the default tenant; a number only acme's draft lists starts a
 * test session on the draft.
 */
@RealTime
class PhoneNumbersEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @AutoClose private final FakeChatCompletionsServer model = FakeChatCompletionsServer.start(request -> "Hello.");
  @AutoClose private InJvmCluster nodes;
  private int sipPort;

  @Test
  void aPublishedNumberRoutesItsCallsToItsTenantAcrossTheCluster() throws Exception {
    PhonePorts ports = PhonePorts.take(40);
    sipPort = ports.sip();
    // The telephony node loads its speech engines as it starts, as a node does by default, and the
    // first call waits for them: loading them inside that call's ring time races a busy machine.
    Map<String, Object> sip =
        ports.settingsWith(Map.of("parley.voice.warm-up", true, "parley.management.ops-token", OpsClient.TOKEN));
    AtomicInteger started = new AtomicInteger();
    nodes = TestNode.cluster(TestPostgres.newDatabase(), Optional.of(model.baseUrl()), 2, config ->
        ParleyNode.start(started.getAndIncrement() == 0 ? ConfigFactory.parseMap(sip).withFallback(config) : config));
    OpsClient.withToken(nodes.get(0).httpPort())
        .awaitSpeechEngines("speech-to-text engine on /metrics", Duration.ofMinutes(2));

    // The quick start: no number is anyone's, so every number reaches the default tenant.
    String quickStart = answered("+4930999999");
    assertEquals(200, session(TestIdentity.DEFAULT_TENANT, quickStart).statusCode());

    JsonNode published = json(admin("acme", "PUT", "/v1/config",
        "{\"config\": {\"phoneNumbers\": [\"+49 30 123-456\"]}, \"message\": \"our support line\"}"));
    assertEquals(List.of("+4930123456"), List.of(published.get("config").get("phoneNumbers").get(0).asText()),
        "kept as the bridge compares it");

    // Straight after the publish answered, on the other node: no restart, no wait.
    String acmeCall = answered("+4930123456");
    JsonNode acmeSession = json(session("acme", acmeCall));
    assertEquals("phone", acmeSession.get("channel").asText());
    assertEquals(1, acmeSession.get("botConfigVersion").asInt());
    assertFalse(acmeSession.path("botConfigDraft").asBoolean(false), acmeSession.toString());
    assertEquals(404, session("globex", acmeCall).statusCode(), "not another tenant's");
    assertEquals(404, dial("+4930999999"), "a number is claimed now: one nobody holds is unknown");

    HttpResponse<String> refused = admin("globex", "PUT", "/v1/config",
        "{\"config\": {\"assistantName\": \"Gus\", \"phoneNumbers\": [\"+4940555\", \"+4930123456\"]}}");
    assertEquals(400, refused.statusCode(), refused.body());
    JsonNode problems = JSON.readTree(refused.body()).get("error").get("problems");
    assertEquals(1, problems.size(), refused.body());
    assertTrue(problems.get(0).asText().startsWith("phoneNumbers[1]: +4930123456 is another tenant's number"),
        refused.body());
    assertFalse(refused.body().contains("acme"), "the holder is not named: " + refused.body());
    assertEquals(404, admin("globex", "GET", "/v1/config", null).statusCode(), "nothing published");
    assertEquals(400, admin("globex", "PUT", "/v1/config/draft",
        "{\"config\": {\"phoneNumbers\": [\"+4930123456\"]}}").statusCode(), "nor as a draft");
    assertEquals(404, dial("+4940555"), "the refused document claimed nothing");

    // A number only acme's draft lists: a test session on the draft, the live number stays live.
    json(admin("acme", "PUT", "/v1/config/draft",
        "{\"config\": {\"assistantName\": \"Max\", \"phoneNumbers\": [\"+4930123456\", \"+4930777\"]}}"));
    JsonNode onDraft = json(session("acme", answered("+4930777")));
    assertTrue(onDraft.get("botConfigDraft").asBoolean(), onDraft.toString());
    assertFalse(json(session("acme", answered("+4930123456"))).path("botConfigDraft").asBoolean(false));

    // acme gives the number up (the draft published, then a version without it): globex may take it.
    json(admin("acme", "POST", "/v1/config/draft/publish", null));
    json(admin("acme", "PUT", "/v1/config", "{\"config\": {\"phoneNumbers\": [\"+4930777\"]}}"));
    assertFalse(json(session("acme", answered("+4930777"))).path("botConfigDraft").asBoolean(false), "published: live now");
    json(admin("globex", "PUT", "/v1/config", "{\"config\": {\"phoneNumbers\": [\"+4930123456\"]}}"));
    assertEquals(200, session("globex", answered("+4930123456")).statusCode());

    // A rollback claims its version's numbers again: acme's version 1 held the number globex has now.
    HttpResponse<String> rollback = admin("acme", "POST", "/v1/config/rollback", "{\"version\": 1}");
    assertEquals(400, rollback.statusCode(), rollback.body());
    assertEquals(3, json(admin("acme", "GET", "/v1/config", null)).get("version").asInt(), "nothing rolled back");
    assertEquals(404, admin("acme", "POST", "/v1/config/rollback", "{\"version\": 9}").statusCode());
    assertEquals(404, admin("acme", "POST", "/v1/config/draft/publish", null).statusCode(), "no draft any more");
    assertEquals(200, session("acme", answered("+4930777")).statusCode(), "neither gave acme's numbers up");
  }

  /** Calls {@code number} on the node with telephony; the session of the answered call, hung up at once. */
  private String answered(String number) throws Exception {
    try (TestPhone phone = new TestPhone(LoopbackPorts.port())) {
      Response answer = phone.call(sipPort, TestPhone.CALLER, number, phone.offer());
      assertEquals(200, answer.getStatusCode(), "a call to " + number + ": " + answer);
      phone.hangUp();
      return ((Header) answer.getHeader("X-Parley-Session")).toString().split(":", 2)[1].strip();
    }
  }

  /** The status of a call to {@code number}, which is not answered. */
  private int dial(String number) throws Exception {
    try (TestPhone phone = new TestPhone(LoopbackPorts.port())) {
      return phone.call(sipPort, TestPhone.CALLER, number, phone.offer()).getStatusCode();
    }
  }

  /** {@code GET /v1/sessions/{id}} as {@code tenant}'s admin, on the node without telephony. */
  private HttpResponse<String> session(String tenant, String id) throws Exception {
    return admin(tenant, "GET", "/v1/sessions/" + id, null);
  }

  private HttpResponse<String> admin(String tenant, String method, String path, String body) throws Exception {
    return TestIdentity.asAdmin(nodes.get(1).httpPort(), method, path + "?tenant=" + tenant, body);
  }

  private static JsonNode json(HttpResponse<String> response) throws Exception {
    assertFalse(response.statusCode() >= 300, response.statusCode() + " " + response.body());
    return JSON.readTree(response.body());
  }
}
