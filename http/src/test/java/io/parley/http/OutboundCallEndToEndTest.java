package io.parley.http;

import static io.parley.http.PhoneEndToEndTest.awaitSession;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.core.testing.Awaiting;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Calls the node places ({@code POST /v1/calls}), to sipp playing the lead's phone or the tenant's
 * trunk on loopback: answered, the call is a phone session that greets, hears the lead's speech
 * (sipp's A-law pcap) and answers it, with the call's context in the model's prompt, closed when
 * the lead hangs up; a 486 is {@code busy}; a phone that rings past the ring timeout gets a CANCEL
 * and the call is {@code no_answer}; the API's cancel before the answer is {@code cancelled}; a
 * trunk's 407 is answered with the trunk's digest login. Loopback is allowed to the outbound
 * policy here only so the trunk can be sipp; any other target must still pass it. The node's voice
 * engines load while its first call rings, so that test runs first, on a node that has loaded none.
 */
@RealTime
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OutboundCallEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ANSWER = "Thanks for taking the call, I will send the quote today.";
  private static final Path SIPP_PCAPS = Path.of("/usr/share/sip-tester");
  private static final Pattern PROXY_AUTHORIZATION = Pattern.compile("(?m)^Proxy-Authorization: *Digest (.*)$");
  @RegisterExtension
  static final PlacingLine calls = new PlacingLine("calls-secret", ANSWER,
      Map.of("parley.sip.outbound.ring-timeout", "3s"));
  /** This test's sipp, stopped after it whatever happened. */
  private Sipp.Phone sipp;

  @AfterEach
  void stopSipp() {
    if (sipp != null) sipp.process().destroy();
  }

  @Test
  void theLeadAnswersAndTheCallIsAPhoneSessionThatHearsAndAnswersThem(@TempDir Path work) throws Exception {
    Files.createDirectories(work.resolve("pcap"));
    Files.copy(SIPP_PCAPS.resolve("g711a.pcap"), work.resolve("pcap").resolve("g711a.pcap"));
    int port = LoopbackPorts.port();
    Sipp.Phone phone = answering(work, "parley_uas_answer.xml", port);
    trunk("{\"host\":\"127.0.0.1\",\"port\":" + port + ",\"callerId\":\"+4930111222\"}");

    JsonNode placed = place("{\"to\":\"+49 151 12345678\",\"context\":{\"purpose\":\"Follow up on the quote for 12 chairs\","
        + "\"lead\":{\"company\":\"Chairly\",\"seats\":12}}}");
    assertEquals("dialling", placed.get("state").asText());
    assertEquals("+*********5678", placed.get("to").asText(), "the number is kept masked: " + placed);
    JsonNode answered = awaitCall(placed.get("id").asText(), call -> call.get("state").asText().equals("answered"));
    assertEquals("answered", answered.get("outcome").asText());

    Sipp.Run run = phone.finished();
    assertEquals(0, run.exitCode(), "sipp's phone was called, acknowledged and hung up:\n" + run.output() + phone.messages());
    JsonNode closed = awaitSession(calls.line().node().httpPort(), answered.get("sessionId").asText(),
        view -> view.get("status").asText().equals("archived"));
    assertEquals("phone", closed.get("channel").asText());
    assertEquals("caller hung up", closed.get("closeReason").asText());
    assertTrue(closed.get("messages").findValuesAsText("turnId").contains("greeting"), "the bot greeted: " + closed);
    assertTrue(closed.get("messages").findValuesAsText("role").contains("user"), "the lead's speech was heard: " + closed);
    assertTrue(closed.get("messages").findValuesAsText("text").stream().anyMatch(text -> text.startsWith("Thanks for")),
        "the bot answered it: " + closed);
    assertTrue(calls.line().model().requests().stream().map(request -> request.body().toString()).anyMatch(prompt ->
            prompt.contains("call.purpose: Follow up on the quote for 12 chairs") && prompt.contains("lead.company: Chairly")),
        "the call's context reached the model: " + calls.line().model().requests());
    JsonNode listed = Awaiting.await("the conversation listed with its call").atMost(Duration.ofSeconds(20)).until(() ->
        JSON.readTree(admin("GET", "/v1/conversations", null).body()).get("conversations"), conversations -> {
          for (JsonNode conversation : conversations) {
            if (conversation.get("sessionId").asText().equals(answered.get("sessionId").asText())) {
              return conversation.path("outboundCall").path("outcome").asText().equals("answered");
            }
          }
          return false;
        });
    assertTrue(listed.toString().contains(answered.get("id").asText()), "the list names the call: " + listed);
    String invite = phone.messages();
    assertTrue(invite.contains("INVITE sip:+4915112345678@127.0.0.1:" + port) && invite.contains("From: <sip:+4930111222@"),
        "dialled at the trunk with the trunk's caller id:\n" + invite);
  }

  @Test
  void aBusyPhoneMakesTheCallBusy(@TempDir Path work) throws Exception {
    int port = LoopbackPorts.port();
    Sipp.Phone phone = answering(work, "parley_uas_busy.xml", port);
    trunk("{\"host\":\"127.0.0.1\",\"port\":" + port + ",\"callerId\":\"+4930111222\"}");

    String id = place("{\"to\":\"+4915112345678\"}").get("id").asText();
    JsonNode ended = awaitCall(id, call -> call.get("state").asText().equals("ended"));
    assertEquals("busy", ended.get("outcome").asText());
    assertEquals(486, ended.get("sipStatus").asInt());
    assertFalse(ended.has("sessionId") && !ended.get("sessionId").isNull(), "no session for a call not answered: " + ended);
    assertEquals(0, phone.finished().exitCode(), "sipp had its 486 acknowledged");

    JsonNode told = Awaiting.await("the webhook told of the outcome").atMost(Duration.ofSeconds(15)).until(() ->
        calls.webhook().deliveries().stream().map(WebhookReceiver.Delivery::body)
            .filter(body -> body.path("callId").asText().equals(id)).findFirst().orElse(null), body -> body != null);
    assertEquals("call.outcome", told.get("event").asText());
    assertEquals("busy", told.get("outcome").asText());
    assertEquals(486, told.get("sipStatus").asInt());
    assertFalse(told.toString().contains("12345678"), "never the number called: " + told);
    assertTrue(OpsClient.withToken(calls.line().node().httpPort()).get("/metrics").body().contains(
        "parley_phone_outbound_calls_total{outcome=\"busy\",tenant=\"" + TestIdentity.DEFAULT_TENANT + "\"} 1.0"),
        "the busy call is counted");
  }

  @Test
  @Order(1)
  void aPhoneNobodyAnswersIsCancelledAfterTheRingTimeout(@TempDir Path work) throws Exception {
    int port = LoopbackPorts.port();
    Sipp.Phone phone = answering(work, "parley_uas_no_answer.xml", port);
    trunk("{\"host\":\"127.0.0.1\",\"port\":" + port + ",\"callerId\":\"+4930111222\"}");

    long placedAt = System.nanoTime();
    String id = place("{\"to\":\"+4915112345678\"}").get("id").asText();
    awaitCall(id, call -> call.get("state").asText().equals("ringing"));
    JsonNode ended = awaitCall(id, call -> call.get("state").asText().equals("ended"));
    assertEquals("no_answer", ended.get("outcome").asText());
    assertTrue(Duration.ofNanos(System.nanoTime() - placedAt).toMillis() >= 3000, "it rang the 3 s ring timeout first");
    Sipp.Run run = phone.finished();
    assertEquals(0, run.exitCode(), "sipp got the CANCEL and had its 487 acknowledged:\n" + run.output());
    OpsClient.withToken(calls.line().node().httpPort()).awaitSpeechEngines(
        "the voice engines loaded, their load started by the dial for whoever answers", Duration.ofSeconds(30));
  }

  @Test
  void theApiCancelsACallBeforeTheAnswer(@TempDir Path work) throws Exception {
    int port = LoopbackPorts.port();
    Sipp.Phone phone = answering(work, "parley_uas_no_answer.xml", port);
    trunk("{\"host\":\"127.0.0.1\",\"port\":" + port + ",\"callerId\":\"+4930111222\"}");

    String id = place("{\"to\":\"+4915112345678\"}").get("id").asText();
    awaitCall(id, call -> call.get("state").asText().equals("ringing"));
    assertEquals(202, admin("DELETE", "/v1/calls/" + id, null).statusCode());
    JsonNode ended = awaitCall(id, call -> call.get("state").asText().equals("ended"));
    assertEquals("cancelled", ended.get("outcome").asText());
    assertEquals(0, phone.finished().exitCode(), "sipp got the CANCEL");
    assertEquals(409, admin("DELETE", "/v1/calls/" + id, null).statusCode(), "an ended call cannot be cancelled");
  }

  @Test
  void theTrunksChallengeIsAnsweredWithItsDigestLogin(@TempDir Path work) throws Exception {
    int port = LoopbackPorts.port();
    Sipp.Phone trunk = answering(work, "parley_uas_proxy_auth.xml", port);
    trunk("{\"host\":\"127.0.0.1\",\"port\":" + port + ",\"callerId\":\"+4930111222\",\"username\":\"acme-out\","
        + "\"password\":\"tr0mbone\"}");
    HttpResponse<String> shown = admin("GET", "/v1/calls/trunk", null);
    assertFalse(shown.body().contains("tr0mbone"), "the password is never shown: " + shown.body());
    assertTrue(JSON.readTree(shown.body()).get("password").get("set").asBoolean(), shown.body());

    String id = place("{\"to\":\"+4915112345678\"}").get("id").asText();
    JsonNode answered = awaitCall(id, call -> call.get("state").asText().equals("answered"));
    assertEquals("answered", answered.get("outcome").asText());
    Sipp.Run run = trunk.finished();
    assertEquals(0, run.exitCode(), "sipp's trunk took the authenticated INVITE:\n" + run.output() + trunk.messages());

    Matcher authorization = PROXY_AUTHORIZATION.matcher(trunk.messages());
    assertTrue(authorization.find(), trunk.messages());
    Map<String, String> digest = digestParameters(authorization.group(1));
    assertEquals("acme-out", digest.get("username"));
    assertEquals("trunk.test", digest.get("realm"));
    String ha1 = md5("acme-out:trunk.test:tr0mbone");
    String ha2 = md5("INVITE:" + digest.get("uri"));
    String expected = digest.containsKey("qop")
        ? md5(ha1 + ":" + digest.get("nonce") + ":" + digest.get("nc") + ":" + digest.get("cnonce") + ":" + digest.get("qop")
            + ":" + ha2)
        : md5(ha1 + ":" + digest.get("nonce") + ":" + ha2);
    assertEquals(expected, digest.get("response"), "the digest is the trunk's password's: " + authorization.group());
  }

  @Test
  void badRequestsAreRefusedWithWhatIsWrong() throws Exception {
    trunk("{\"host\":\"127.0.0.1\",\"port\":5999,\"callerId\":\"+4930111222\"}");
    assertRefused("{}", "to is required");
    assertRefused("{\"to\":\"call me maybe\"}", "E.164");
    assertRefused("{\"to\":\"+4915112345678\",\"botVersion\":0}", "botVersion");
    assertRefused("{\"to\":\"+4915112345678\",\"botVersion\":42}", "no such published version");
    assertRefused("{\"to\":\"+4915112345678\",\"mood\":\"cheerful\"}", "unknown field \\\"mood\\\"");
    assertRefused("{\"to\":\"sip:admin@169.254.169.254\"}", "does not call 169.254.169.254");
    assertRefused("{\"to\":\"+4915112345678\",\"context\":{\"lead\":{\"bad key!\":1}}}", "context");
    HttpResponse<String> trunkRefused = admin("PUT", "/v1/calls/trunk", "{\"host\":\"10.0.0.7\",\"callerId\":\"+4930\"}");
    assertEquals(400, trunkRefused.statusCode(), trunkRefused.body());
    assertTrue(trunkRefused.body().contains("does not call 10.0.0.7"), trunkRefused.body());
    HttpResponse<String> agent = TestIdentity.call(calls.line().node().httpPort(), "POST", "/v1/calls",
        "Bearer " + TestIdentity.agentKey(TestIdentity.DEFAULT_TENANT), "{\"to\":\"+4915112345678\"}");
    assertEquals(403, agent.statusCode(), "only admins place calls: " + agent.body());
    assertEquals(404, admin("GET", "/v1/calls/call_0000", null).statusCode());
  }

  private static void assertRefused(String body, String reason) throws Exception {
    HttpResponse<String> refused = admin("POST", "/v1/calls", body);
    assertEquals(400, refused.statusCode(), body + " -> " + refused.body());
    assertTrue(refused.body().contains(reason), body + " -> " + refused.body());
  }

  /** sipp started as the called party, once it listens on {@code port}. */
  private Sipp.Phone answering(Path work, String scenario, int port) throws Exception {
    sipp = PlacedCalls.answering(work, scenario, port, calls.line().sipPort());
    return sipp;
  }

  private static void trunk(String body) throws Exception {
    HttpResponse<String> saved = admin("PUT", "/v1/calls/trunk", body);
    assertEquals(200, saved.statusCode(), saved.body());
  }

  private static JsonNode place(String body) throws Exception {
    HttpResponse<String> placed = admin("POST", "/v1/calls", body);
    assertEquals(201, placed.statusCode(), placed.body());
    return JSON.readTree(placed.body());
  }

  private static JsonNode awaitCall(String id, java.util.function.Predicate<JsonNode> condition) {
    return PlacedCalls.awaitCall(calls.line().node().httpPort(), id, condition);
  }

  private static HttpResponse<String> admin(String method, String path, String body) throws Exception {
    return TestIdentity.asAdmin(calls.line().node().httpPort(), method, path, body);
  }

  private static Map<String, String> digestParameters(String header) {
    Map<String, String> parameters = new java.util.HashMap<>();
    Matcher each = Pattern.compile("([a-z]+)=(\"([^\"]*)\"|[^,\\s]+)").matcher(header);
    while (each.find()) parameters.put(each.group(1), each.group(3) != null ? each.group(3) : each.group(2));
    return parameters;
  }

  private static String md5(String text) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
  }
}
