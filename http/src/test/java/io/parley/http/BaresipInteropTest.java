package io.parley.http;

import static io.parley.core.testing.Awaiting.await;
import static io.parley.http.PhoneEndToEndTest.await;
import static io.parley.http.PhoneEndToEndTest.awaitSession;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.voice.testing.TestSpeech;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interoperability with a SIP user agent nobody here wrote: baresip ({@link Baresip}, Debian
 * package {@code baresip-core}) calls a node on loopback over UDP and over TCP, asks its question
 * and is answered, puts the call on hold and resumes it by re-INVITE, exchanges RTCP with the node
 * (on the next port, or multiplexed), and presses 0 to be transferred to a second baresip. Where
 * baresip cannot send the exact message (an UPDATE, session timers, which it does not implement,
 * a refused offer), a raw-socket caller ({@link RawSipCaller}) does. Fails, never skips, without baresip.
 */
@RealTime
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BaresipInteropTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern SESSION = Pattern.compile("X-Parley-Session: *(\\S+)");
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String ANSWER = "Your ticket is open.";
  /** Some twenty seconds of speech: a caller who hangs up a few seconds in has heard less than half. */
  private static final String LONG_ANSWER = "Your ticket is open and an agent will call you back today. They usually"
      + " call within two hours of a ticket being opened, and they will have your order history at hand. If you miss"
      + " the call, they will leave a message and try again tomorrow morning. Is there anything else I can help you with?";
  private static TestPhoneNode.Line line;

  @BeforeAll
  static void start() throws Exception {
    // Session timers short enough for a test (RFC 4028's floor is 90 s); a silent raw caller is not hung up on meanwhile.
    line = TestPhoneNode.Line.start(ANSWER, Map.of("parley.sip.min-session-expires", "10s",
        "parley.sip.media-timeout", "90s"));
  }

  @AfterAll
  static void stop() {
    if (line != null) line.close();
  }

  /** The first call of the class: the node loads its speech engines for it, so it rings for seconds. */
  @Test
  @Order(1)
  void nothingIsSentBeforeTheAnswerAndRtcpIsMultiplexedWhenOffered() throws Exception {
    try (RawSipCaller caller = new RawSipCaller(line.sipPort())) {
      RawSipCaller.Reply answered = caller.invite("support", List.of(), "a=rtcp-mux\r\n");
      assertEquals(200, answered.status(), answered.text());
      assertEquals(0, caller.rtpReceived(), "no RTP before the 200 OK: no 183 announced early media");
      assertTrue(answered.text().contains("a=rtcp-mux\r\n"), "RFC 5761, as offered: " + answered.text());
      caller.ack();
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (caller.rtcpReceived() == 0 && System.nanoTime() < deadline) caller.listen(Duration.ofMillis(500));
      assertTrue(caller.rtpReceived() > 0, "the line opens with the answer");
      assertTrue(caller.rtcpReceived() > 0, "the node's RTCP reports on the RTP port");
      assertEquals(200, caller.hangUp().status());
    }
  }

  @Test
  void aRefusalAndATooShortSessionIntervalCarryAToTag() throws Exception {
    try (RawSipCaller caller = new RawSipCaller(line.sipPort())) {
      RawSipCaller.Reply refused = caller.offering("111\r\na=rtpmap:111 opus/48000/2").invite("support", List.of());
      assertEquals(488, refused.status(), refused.text());
      assertTrue(refused.header("To").orElseThrow().contains(";tag="), "RFC 3261 §8.2.6.2: " + refused.text());
    }
    try (RawSipCaller caller = new RawSipCaller(line.sipPort())) {
      RawSipCaller.Reply tooSmall = caller.invite("support", List.of("Supported: timer", "Session-Expires: 5"));
      assertEquals(422, tooSmall.status(), tooSmall.text());
      assertEquals(Optional.of("10"), tooSmall.header("Min-SE"));
      assertTrue(tooSmall.header("To").orElseThrow().contains(";tag="), tooSmall.text());
    }
  }

  /**
   * Refreshed every 3 s by UPDATE and re-INVITE, the call outlives its first 12 s interval; a hold
   * by UPDATE stops the node's RTP and a re-INVITE's sendrecv resumes it; once the refreshes stop,
   * the node ends the call with BYE before the interval runs out.
   */
  @Test
  void updatesAndReInvitesRefreshTheSessionAndHoldAndResumeAndAMissedRefreshEndsIt() throws Exception {
    List<String> timer = List.of("Supported: timer", "Session-Expires: 12;refresher=uac");
    try (RawSipCaller caller = new RawSipCaller(line.sipPort())) {
      RawSipCaller.Reply answered = caller.invite("support", timer);
      assertEquals(200, answered.status(), answered.text());
      assertEquals(Optional.of("12;refresher=uac"), answered.header("Session-Expires"), answered.text());
      assertEquals(Optional.of("timer"), answered.header("Require"));
      assertTrue(answered.header("Allow").orElseThrow().contains("UPDATE"), answered.text());
      String sessionId = answered.header("X-Parley-Session").orElseThrow();
      caller.ack();
      caller.listen(Duration.ofSeconds(3));
      assertTrue(caller.rtpReceived() > 0, "the bot's line is open");

      RawSipCaller.Reply held = caller.inCall("UPDATE", timer, Optional.of("sendonly"));
      assertEquals(200, held.status(), held.text());
      assertTrue(held.text().contains("a=recvonly\r\n"), "the answer mirrors the hold: " + held.text());
      assertEquals(Optional.of("12;refresher=uac"), held.header("Session-Expires"));
      caller.listen(Duration.ofMillis(500)); // what was on its way
      int onHold = caller.rtpReceived();
      caller.listen(Duration.ofMillis(2_500));
      assertEquals(onHold, caller.rtpReceived(), "no RTP to a caller on hold");

      RawSipCaller.Reply resumed = caller.inCall("INVITE", timer, Optional.of("sendrecv"));
      assertEquals(200, resumed.status(), resumed.text());
      assertTrue(resumed.text().contains("a=sendrecv\r\n"), resumed.text());
      caller.listen(Duration.ofSeconds(3));
      assertTrue(caller.rtpReceived() > onHold + 50, "resumed: " + (caller.rtpReceived() - onHold));

      RawSipCaller.Reply refreshed = caller.inCall("UPDATE", timer, Optional.empty());
      assertEquals(200, refreshed.status(), "a refresh without an offer: " + refreshed.text());
      assertEquals(Optional.of("0"), refreshed.header("Content-Length"), "no SDP in answer to none");
      caller.listen(Duration.ofSeconds(3));
      RawSipCaller.Reply late = caller.inCall("UPDATE", timer, Optional.empty());
      assertEquals(200, late.status(), "12 s in, past the first interval's end, the call is still up: " + late.text());

      assertTrue(caller.awaitRequest("BYE", WAIT), "the node hangs up on a session not refreshed");
      JsonNode closed = awaitSession(line.node().httpPort(), sessionId, view -> view.get("status").asText().equals("archived"));
      assertEquals("caller_vanished", closed.get("callEnd").asText());
    }
  }

  @Test
  void aCallerThatAsksTheNodeToRefreshGetsItsUpdates() throws Exception {
    try (RawSipCaller caller = new RawSipCaller(line.sipPort())) {
      RawSipCaller.Reply answered = caller.invite("support",
          List.of("Supported: timer", "Session-Expires: 12;refresher=uas", "Allow: INVITE, ACK, BYE, CANCEL, UPDATE"));
      assertEquals(200, answered.status(), answered.text());
      assertEquals(Optional.of("12;refresher=uas"), answered.header("Session-Expires"), answered.text());
      caller.ack();
      assertTrue(caller.awaitRequest("UPDATE", WAIT), "the node refreshes at half the interval");
      String update = caller.requestsFromNode().stream().filter(request -> request.startsWith("UPDATE ")).findFirst()
          .orElseThrow();
      assertTrue(update.replace(" ", "").contains("Session-Expires:12;refresher=uac"), "the refresh's sender refreshes: " + update);
      assertEquals(200, caller.hangUp().status());
    }
  }

  @Test
  void baresipOverUdpIsAnsweredHoldsAndResumesByReInviteReportsRtcpAndHangsUp(@TempDir Path dir) throws Exception {
    try (Baresip phone = Baresip.start(dir, "caller", question(), false)) {
      phone.command("dial", "sip:support@127.0.0.1:" + line.sipPort());
      phone.awaitEvent("CALL_ESTABLISHED");
      String sessionId = sessionOf(phone);
      JsonNode answered = awaitSession(line.node().httpPort(), sessionId, view -> view.get("messages").toString()
          .contains(ANSWER));
      assertTrue(answered.get("messages").toString().toLowerCase().contains("ticket"), answered.toString());

      phone.command("hold", "");
      await("the hold answered", () -> phone.log().contains("a=recvonly"));
      phone.command("resume", "");
      await("the resume answered", () -> phone.log().split("a=recvonly", 2)[1].contains("a=sendrecv"));

      phone.awaitEvent("CALL_RTCP"); // baresip heard the node's reports
      // On loopback the round trip is near the reports' resolution (1/65536 s) and baresip's rounding
      // of its delay can put it at or below zero, which gives no sample: read here as reports counted
      // and any round trip bounded (RtcpReportTest measures it from known reports).
      JsonNode call = awaitCall(sessionId, listed -> listed.get("callerReport").get("reports").asLong() > 1);
      double roundTrip = call.get("callerReport").get("roundTripMillis").asDouble();
      assertTrue(roundTrip >= 0 && roundTrip < 1_000, call.toString());
      assertTrue(metric("parley_rtcp_reports_received_total") > 0);
      assertTrue(metric("parley_rtcp_reports_sent_total") > 0);

      phone.command("hangup", "");
      JsonNode closed = awaitSession(line.node().httpPort(), sessionId, view -> view.get("status").asText().equals("archived"));
      assertEquals("caller_hung_up", closed.get("callEnd").asText(), "a BYE, not a CANCEL of a re-INVITE left hanging");
    }
  }

  @Test
  void baresipOverTcpGetsAContactForTcpAndSendsItsAckAndByeOverTcp(@TempDir Path dir) throws Exception {
    try (Baresip phone = Baresip.start(dir, "caller", question(), true)) {
      phone.command("dial", "sip:support@127.0.0.1:" + line.sipPort() + ";transport=tcp");
      phone.awaitEvent("CALL_ESTABLISHED");
      String sessionId = sessionOf(phone);
      awaitSession(line.node().httpPort(), sessionId, view -> view.get("messages").toString().contains(ANSWER));
      awaitCall(sessionId, listed -> listed.get("callerReport").get("reports").asLong() > 0); // multiplexed RTCP
      phone.command("hangup", "");
      JsonNode closed = awaitSession(line.node().httpPort(), sessionId, view -> view.get("status").asText().equals("archived"));
      assertEquals("caller_hung_up", closed.get("callEnd").asText());

      assertTrue(phone.log().contains(";transport=tcp>"), "the 200 OK's Contact: " + phone.log());
      for (String method : List.of("ACK ", "BYE ")) {
        List<String> sent = phone.transportsOfSent(method);
        assertFalse(sent.isEmpty(), method + "sent: " + phone.log());
        assertTrue(sent.stream().allMatch(line -> line.startsWith("TCP ")), method + "over TCP: " + sent);
      }
    }
  }

  @Test
  void zeroOnBaresipsKeypadTransfersTheCallToASecondBaresip(@TempDir Path dir) throws Exception {
    Path callerDir = java.nio.file.Files.createDirectories(dir.resolve("caller"));
    Path agentDir = java.nio.file.Files.createDirectories(dir.resolve("agent"));
    try (Baresip agent = Baresip.start(agentDir, "agent", new short[8_000 * 120], false);
        Baresip phone = Baresip.start(callerDir, "caller", new short[8_000 * 120], false)) {
      assertEquals(200, TestIdentity.asAdmin(line.node().httpPort(), "PUT", "/v1/config?tenant=" + TestIdentity.DEFAULT_TENANT,
          "{\"config\": {\"phoneTransferTarget\": \"" + agent.uri() + "\"}}").statusCode());
      phone.command("dial", "sip:support@127.0.0.1:" + line.sipPort());
      phone.awaitEvent("CALL_ESTABLISHED");
      String sessionId = sessionOf(phone);
      awaitCall(sessionId, call -> call.get("state").asText().equals("connected"));
      phone.command("sndcode", "0");

      agent.awaitEvent("CALL_ESTABLISHED");
      JsonNode closed = awaitSession(line.node().httpPort(), sessionId, view -> view.get("status").asText().equals("archived"));
      assertEquals("transferred", closed.get("callEnd").asText(), closed.toString());
      assertEquals(agent.uri(), closed.get("transfers").get(0).get("target").asText());
    }
  }

  /**
   * baresip hangs up a few seconds into a long answer: the archive keeps the answer only as far as
   * it went out on the wire, marked interrupted, and the call ended as the caller's hang-up.
   */
  @Test
  void baresipHangingUpMidAnswerLeavesOnlyWhatWasPlayed(@TempDir Path dir) throws Exception {
    line.model().respondWith(request -> LONG_ANSWER);
    try (Baresip phone = Baresip.start(dir, "caller", question(), false)) {
      phone.command("dial", "sip:support@127.0.0.1:" + line.sipPort());
      phone.awaitEvent("CALL_ESTABLISHED");
      String sessionId = sessionOf(phone);
      // Stored whole once the model has written it; its first sentence is synthesised while the model writes.
      awaitSession(line.node().httpPort(), sessionId, view -> answerIn(view).isPresent());
      Thread.sleep(2_000); // a few words of it on the wire
      phone.command("hangup", "");

      JsonNode archived = awaitSession(line.node().httpPort(), sessionId, view -> view.get("status").asText().equals("archived"));
      assertEquals("caller_hung_up", archived.get("callEnd").asText());
      JsonNode answer = answerIn(archived).orElseThrow(() -> new AssertionError("some of it was heard: " + archived));
      assertTrue(answer.path("interrupted").asBoolean(), "cut short: " + answer);
      String kept = answer.get("text").asText();
      assertTrue(!kept.isEmpty() && LONG_ANSWER.startsWith(kept) && kept.length() < LONG_ANSWER.length() / 2,
          "only the start baresip heard is kept: " + kept);
    } finally {
      line.model().respondWith(request -> ANSWER);
    }
  }

  /** The session's last assistant message that is not the greeting: the answer. */
  private static Optional<JsonNode> answerIn(JsonNode view) {
    JsonNode answer = null;
    for (JsonNode message : view.get("messages")) {
      if (message.get("role").asText().equals("assistant") && !message.path("source").asText().equals("greeting")) {
        answer = message;
      }
    }
    return Optional.ofNullable(answer);
  }

  /** A second of silence, the question, and silence to outlast the call: baresip hangs up when its file ends. */
  private static short[] question() {
    short[] words = TestSpeech.say("What is the status of my ticket?", 8_000);
    short[] microphone = new short[8_000 * 120];
    System.arraycopy(words, 0, microphone, 8_000, words.length);
    return microphone;
  }

  private static String sessionOf(Baresip phone) {
    Matcher session = SESSION.matcher(phone.log());
    assertTrue(session.find(), "the node's answer carried X-Parley-Session:\n" + phone.log());
    return session.group(1);
  }

  /** The call of {@code sessionId} as {@code GET /v1/calls} lists it, once it meets {@code condition} (within 30 s). */
  private static JsonNode awaitCall(String sessionId, java.util.function.Predicate<JsonNode> condition) throws Exception {
    return await("the call of " + sessionId).atMost(WAIT).pollInterval(Duration.ofMillis(250)).until(() -> {
      var response = TestIdentity.call(line.node().httpPort(), "GET", "/v1/calls",
          "Bearer " + TestIdentity.agentKey(TestIdentity.DEFAULT_TENANT), null);
      for (JsonNode call : JSON.readTree(response.body()).get("calls")) {
        if (call.get("sessionId").asText().equals(sessionId)) return call;
      }
      return null;
    }, call -> call != null && condition.test(call));
  }

  /** A sample's value on the node's {@code /metrics} (0 when it has none). */
  private static double metric(String sample) {
    String text = OpsClient.withToken(line.node().httpPort()).get("/metrics").body();
    return text.lines().filter(line -> line.startsWith(sample + " ")).findFirst()
        .map(line -> Double.parseDouble(line.substring(sample.length() + 1))).orElse(0.0);
  }
}
