package io.parley.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.Config;
import io.parley.core.call.CallEnd;
import io.parley.core.llm.testing.FakeChatCompletionsServer;
import io.parley.core.call.PhoneUsers;
import io.parley.core.testing.Awaiting;
import io.parley.persistence.testing.TestPostgres;
import io.parley.sessions.entity.SessionArchiveDocument;
import io.parley.voice.media.RtpPacket;
import io.parley.voice.phone.SdpOffer;
import io.parley.voice.testing.TestSpeech;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import javax.sip.header.Header;
import javax.sip.message.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A phone call end to end, over real SIP and RTP on loopback: a test phone on the same SIP stack
 * calls the node, hears the greeting, asks its question in μ-law, hears the answer, and hangs up;
 * the call is a session of channel {@code phone}, for a hashed caller, closed when the caller hangs up.
 * Spoken over, an answer is kept only as far as it was played; a caller who vanishes is hung up on
 * and archived; the line carries comfort silence while the bot is quiet; a bad network's
 * reordered, duplicated and late packets are put in order, dropped and counted. A call of a tenant
 * the operator disables is hung up at once.
 */
@RealTime
class PhoneEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String ANSWER = "Your ticket is open and an agent will call you back today. They usually call"
      + " within two hours of a ticket being opened, and they will have your order history at hand. Is there anything"
      + " else I can help you with?";
  /** A second of audio (50 packets) reaches the phone within this, once the node has something to say. */
  private static final Duration SPOKEN_WITHIN = Duration.ofSeconds(3);
  private static FakeChatCompletionsServer model;
  /**
   * The node most tests call, one for the class: its speech engines load once, for the first call.
   * Each test leaves it with no call up, and reads its counters as differences.
   */
  private static Line shared;
  // The node this test calls: the shared one, or one of its own with special settings.
  private ParleyNode node;
  private int sipPort;
  private Path dataDir;

  /** A node that answers calls, with the SIP port it listens on and its data directory. */
  private record Line(ParleyNode node, int sipPort, Path dataDir) {
    static Line start(Map<String, Object> overrides) throws Exception {
      PhonePorts ports = PhonePorts.take(200);
      Path dataDir = Files.createTempDirectory("parley-phone");
      Map<String, Object> settings = new HashMap<>(Map.of(
          "parley.data-dir", dataDir.toString(), "parley.management.ops-token", OpsClient.TOKEN));
      settings.putAll(overrides);
      Config config = TestNode.config(TestPostgres.newDatabase(), Optional.of(model.baseUrl()), ports.settingsWith(settings));
      return new Line(ParleyNode.start(config), ports.sip(), dataDir);
    }
  }

  @BeforeAll
  static void startShared() throws Exception {
    model = FakeChatCompletionsServer.start(request -> ANSWER);
    // Several tests ask the same first question: the model answers each, as on a fresh node's empty cache.
    shared = Line.start(Map.of("parley.answer-cache.enabled", false));
  }

  @AfterAll
  static void stopShared() {
    if (shared != null) shared.node().close();
    if (model != null) model.close();
  }

  @BeforeEach
  void callTheSharedNode() {
    use(shared);
  }

  /** This test calls a node of its own, started with {@code overrides}, closed after the test. */
  private void useOwnNode(Map<String, Object> overrides) throws Exception {
    use(Line.start(overrides));
  }

  private void use(Line line) {
    node = line.node();
    sipPort = line.sipPort();
    dataDir = line.dataDir();
  }

  @AfterEach
  void stop() throws Exception {
    if (node != shared.node()) {
      node.close();
      return;
    }
    // The next test may count the calls up: none of this one's is left.
    await("the shared node's calls ending",
        () -> OpsClient.withToken(node.managementPort()).json("/cluster/calls").get("calls").asInt() == 0);
  }

  @Test
  void aCallerIsGreetedHeardAnsweredAndTheSessionClosesWhenTheyHangUp() throws Exception {
    try (TestPhone phone = new TestPhone(LoopbackPorts.port())) {
      Response answered = phone.call(sipPort, "+4915112345678", "support", phone.offer());
      assertEquals(200, answered.getStatusCode());
      String sessionId = ((Header) answered.getHeader("X-Parley-Session")).toString().split(":", 2)[1].strip();
      SdpOffer answer = SdpOffer.parse(new String(answered.getRawContent(), StandardCharsets.UTF_8)).orElseThrow();
      assertEquals(Optional.of(0), answer.g711(), "μ-law, as offered");
      phone.mediaTo(new InetSocketAddress(answer.address(), answer.port()));

      // A handset sends audio from the start; the node's audio follows it (symmetric RTP).
      phone.speak(new short[8_000]);
      await("the greeting", () -> phone.packetsReceived() > 100);

      short[] question = TestSpeech.say("What is the status of my ticket?", 8_000);
      phone.speak(Arrays.copyOf(question, question.length + 8_000));
      JsonNode session = awaitSession(sessionId, view -> view.get("messages").size() >= 3);
      assertEquals("phone", session.get("channel").asText());
      assertTrue(session.get("userId").asText().startsWith("phone-")
          && !session.get("userId").asText().contains("4915112345678"), "the caller's number is hashed: " + session);
      assertFalse(PhoneUsers.plain(session.get("userId").asText()), "keyed, not the number's plain hash: " + session);
      assertGreetedOnce(session);
      String heard = session.get("messages").get(1).get("text").asText().toLowerCase(Locale.ROOT);
      assertTrue(heard.contains("status"), "heard over the phone: " + heard);
      assertEquals(ANSWER, session.get("messages").get(2).get("text").asText());
      int beforeAnswer = phone.packetsReceived();
      Awaiting.await("answer spoken into the call").atMost(SPOKEN_WITHIN)
          .until(() -> phone.packetsReceived() > beforeAnswer + 50);

      phone.hangUp();
      awaitSession(sessionId, view -> !view.get("status").asText().equals("open"));
    }
  }

  @Test
  void zeroOnTheKeypadBringsAPersonWhoseWordsAreSpokenToTheCaller() throws Exception {
    try (TestPhone phone = new TestPhone(LoopbackPorts.port());
        ChatClient agent = ChatClient.agent(node.httpPort(), TestIdentity.DEFAULT_TENANT, "agent-dana", "Dana")) {
      agent.expect("hello");
      int modelRequests = model.requestCount();
      String sessionId = phone.answeredCall(sipPort);

      phone.press('0');
      JsonNode waiting = agent.next(f -> f.get("type").asText().equals("queue") && f.get("waiting").size() == 1)
          .get("waiting").get(0);
      assertEquals(sessionId, waiting.get("sessionId").asText());
      assertEquals("phone", waiting.get("channel").asText());
      agent.send(ChatClient.frame("take").put("sessionId", sessionId));
      agent.expect("conversation");
      phone.speak(new short[8_000 * 4]);
      int beforeReply = phone.packetsReceived();
      agent.send(ChatClient.frame("reply").put("sessionId", sessionId).put("clientMsgId", "a-1")
          .put("text", "Hello, this is Dana from support."));
      agent.expect("ack");
      Awaiting.await("agent's words spoken into the call").atMost(SPOKEN_WITHIN)
          .until(() -> phone.packetsReceived() > beforeReply + 50);
      assertEquals(modelRequests, model.requestCount(), "the model answered nothing: the caller only listened");
      phone.hangUp();
    }
  }

  @Test
  void aCallOfATenantDisabledMidCallIsHungUpAndItsSessionClosed() throws Exception {
    String admin = "Bearer sk_dusk_admin_0123456789abcdef";
    ObjectNode entry = TenantsEndToEndTest.entry(admin.substring(7), "pk_dusk_0123456789abcd");
    String number = "+4930555000";
    assertEquals(201, operator("dusk", entry).statusCode());
    String sessionId;
    try {
      HttpResponse<String> published = TestIdentity.call(node.httpPort(), "PUT", "/v1/config", admin,
          "{\"config\": {\"phoneNumbers\": [\"" + number + "\"]}}");
      assertEquals(200, published.statusCode(), published.body());
      try (TestPhone phone = new TestPhone(LoopbackPorts.port())) {
        sessionId = phone.answeredCall(sipPort, number);
        HttpResponse<String> disabled = operator("dusk", entry.deepCopy().put("disabled", true));
        assertEquals(200, disabled.statusCode(), disabled.body());
        phone.hungUpByNode().get(5, TimeUnit.SECONDS);
      }
      try (TestPhone phone = new TestPhone(LoopbackPorts.port())) {
        assertEquals(403, phone.call(sipPort, TestPhone.CALLER, number, phone.offer()).getStatusCode(),
            "a new call of the disabled tenant is refused");
      }
    } finally {
      // The shared node's other calls dial a number nobody holds: that reaches the default tenant again.
      assertEquals(200, operator("dusk", entry).statusCode());
      assertEquals(200, TestIdentity.call(node.httpPort(), "PUT", "/v1/config", admin, "{\"config\": {}}").statusCode());
    }
    JsonNode session = Awaiting.await("the session closed").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
        .until(() -> JSON.readTree(TestIdentity.call(node.httpPort(), "GET", "/v1/sessions/" + sessionId, admin, null).body()),
            view -> !view.path("status").asText().equals("open"));
    assertEquals("tenant disabled", session.get("closeReason").asText(), session.toString());
    assertEquals("tenant_disabled", session.get("callEnd").asText());
  }

  private HttpResponse<String> operator(String tenant, ObjectNode entry) throws Exception {
    return TestIdentity.call(node.httpPort(), "PUT", "/v1/tenants/" + tenant, "Bearer " + OpsClient.TOKEN, entry.toString());
  }

  @Test
  void anOfferWithoutG711IsRefusedWith488() throws Exception {
    String refusals = "parley_phone_calls_total{cause=\"not_acceptable\",tenant=\"" + TestIdentity.DEFAULT_TENANT + "\"}";
    double refusedBefore = metric(refusals);
    try (TestPhone phone = new TestPhone(LoopbackPorts.port())) {
      Response refused = phone.call(sipPort, "+4915112345678", "support",
          "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 111\r\n"
              + "a=rtpmap:111 opus/48000/2\r\n");
      assertEquals(488, refused.getStatusCode());
    }
    assertEquals(refusedBefore + 1, metric(refusals));
  }

  @Test
  void aCallInProgressIsListedForItsTenantsStaffAndItsEndIsCountedAndArchived() throws Exception {
    String tenant = TestIdentity.DEFAULT_TENANT;
    String hungUp = "parley_phone_calls_total{cause=\"caller_hung_up\",tenant=\"" + tenant + "\"}";
    double hungUpBefore = metric(hungUp);
    try (TestPhone phone = new TestPhone(LoopbackPorts.port())) {
      String sessionId = phone.answeredCall(sipPort);

      JsonNode listed = awaitCalls(TestIdentity.agentKey(tenant), calls -> calls.size() == 1
          && calls.get(0).get("state").asText().equals("connected"));
      JsonNode call = listed.get("calls").get(0);
      assertEquals(sessionId, call.get("sessionId").asText());
      assertEquals(tenant, call.get("tenant").asText());
      assertEquals("PCMU", call.get("codec").asText());
      assertTrue(call.get("media").get("received").asLong() >= 40, "the caller's second of audio: " + call);
      assertEquals(0, call.get("media").get("lost").asLong(), call.toString());
      assertTrue(call.get("callerUserId").asText().startsWith("phone-"), call.toString());
      assertTrue(!call.get("callId").asText().isEmpty() && call.has("startedAt"), call.toString());
      assertTrue(listed.get("complete").asBoolean());
      assertTrue(!listed.toString().contains("4915112345678"), "no caller's number: " + listed);
      assertEquals(0, calls(TestIdentity.adminKey("acme")).get("calls").size(), "another tenant's admin sees none");
      assertEquals(403, TestIdentity.call(node.httpPort(), "GET", "/v1/calls",
          "Bearer " + TestIdentity.customerToken(tenant, Optional.of("ada")), null).statusCode(), "a customer may not look");
      JsonNode perNode = OpsClient.withToken(node.managementPort()).json("/cluster/calls");
      assertEquals(1, perNode.get("calls").asInt(), perNode.toString());
      assertEquals(TestNode.address(node), perNode.get("nodes").get(0).get("address").asText().replace("pekko://", ""));
      assertEquals(sessionId, perNode.get("nodes").get(0).get("list").get(0).get("sessionId").asText());
      assertEquals(1.0, metric("parley_phone_calls_active{tenant=\"" + tenant + "\"}"));

      phone.hangUp();
      JsonNode closed = awaitSession(sessionId, view -> view.get("status").asText().equals("archived"));
      assertEquals("caller hung up", closed.get("closeReason").asText());
      assertEquals("caller_hung_up", closed.get("callEnd").asText());
      SessionArchiveDocument archived = SessionArchiveDocument.fromJson(
          Files.readAllBytes(dataDir.resolve("archive").resolve(closed.get("archived").get("key").asText())));
      assertEquals(Optional.of(CallEnd.CALLER_HUNG_UP), archived.callEnd());
      awaitCalls(TestIdentity.agentKey(tenant), calls -> calls.isEmpty());
      assertEquals(0, OpsClient.withToken(node.managementPort()).json("/cluster/calls").get("calls").asInt());
      assertEquals(0.0, metric("parley_phone_calls_active{tenant=\"" + tenant + "\"}"));
      assertEquals(hungUpBefore + 1, metric(hungUp));
    }
  }

  private JsonNode calls(String key) throws Exception {
    HttpResponse<String> response = TestIdentity.call(node.httpPort(), "GET", "/v1/calls", "Bearer " + key, null);
    assertEquals(200, response.statusCode(), response.body());
    return JSON.readTree(response.body());
  }

  /** {@code GET /v1/calls} with {@code key}, once its calls meet {@code condition} (within 30 s). */
  private JsonNode awaitCalls(String key, Predicate<JsonNode> condition) throws Exception {
    return Awaiting.await("the calls").atMost(Duration.ofSeconds(30))
        .until(() -> calls(key), answer -> condition.test(answer.get("calls")));
  }

  /** A sample's value on the node's {@code /metrics} (0 when it has none). */
  private double metric(String sample) {
    String text = OpsClient.withToken(node.httpPort()).get("/metrics").body();
    return text.lines().filter(line -> line.startsWith(sample + " ")).findFirst()
        .map(line -> Double.parseDouble(line.substring(sample.length() + 1))).orElse(0.0);
  }

  @Test
  void anAnswerSpokenOverIsStoredOnlyAsFarAsItWasPlayed() throws Exception {
    try (TestPhone phone = new TestPhone(LoopbackPorts.port())) {
      Asked asked = askedWhileTheAnswerPlays(phone, 50);
      phone.speak(new short[8_000]);
      int heardOfAnswer = phone.packetsReceived() - asked.beforeAnswer();
      short[] overTheBot = TestSpeech.say("No thanks, that is all I needed.", 8_000);
      phone.speak(Arrays.copyOf(overTheBot, overTheBot.length + 8_000));

      JsonNode session = awaitSession(asked.sessionId(), view -> view.get("messages").size() >= 4);
      assertOnlyTheStartKept(session.get("messages").get(2), heardOfAnswer + " packets before they spoke");
      String overheard = session.get("messages").get(3).get("text").asText().toLowerCase(Locale.ROOT);
      assertTrue(overheard.contains("thanks"), "what the caller said over the bot is the next message: " + overheard);
      phone.hangUp();
    }
  }

  @Test
  void aCallerWhoHangsUpMidAnswerLeavesOnlyWhatWasPlayedAndTheGreetingOnce() throws Exception {
    try (TestPhone phone = new TestPhone(LoopbackPorts.port())) {
      Asked asked = askedWhileTheAnswerPlays(phone, 100);
      phone.hangUp();
      int heardOfAnswer = phone.packetsReceived() - asked.beforeAnswer();

      JsonNode archived = awaitSession(asked.sessionId(), view -> view.get("status").asText().equals("archived"));
      assertGreetedOnce(archived);
      JsonNode messages = archived.get("messages");
      assertEquals(3, messages.size(), "the greeting, the question and what was heard of the answer: " + messages);
      assertOnlyTheStartKept(messages.get(2), heardOfAnswer + " packets before they hung up");
    }
  }

  private record Asked(String sessionId, int beforeAnswer) {}

  /** Calls, hears the greeting out and asks about the ticket; returns once {@code packets} of the answer have come. */
  private Asked askedWhileTheAnswerPlays(TestPhone phone, int packets) throws Exception {
    String sessionId = phone.answeredCall(sipPort);
    awaitQuiet(phone);
    int beforeAnswer = phone.packetsReceived();
    short[] question = TestSpeech.say("What is the status of my ticket?", 8_000);
    phone.speak(Arrays.copyOf(question, question.length + 8_000));
    await("the answer playing", () -> phone.packetsReceived() > beforeAnswer + packets);
    return new Asked(sessionId, beforeAnswer);
  }

  /** The answer is kept marked interrupted, as far as the caller heard it: its start, less than half. */
  private static void assertOnlyTheStartKept(JsonNode answer, String heard) {
    assertEquals("assistant", answer.get("role").asText());
    assertTrue(answer.path("interrupted").asBoolean(), "cut short: " + answer);
    String kept = answer.get("text").asText();
    assertTrue(!kept.isEmpty() && ANSWER.startsWith(kept) && kept.length() < ANSWER.length() / 2,
        "only the start the caller heard (" + heard + ") is kept: " + kept);
  }

  /** The session's first message is the greeting the caller heard, an assistant message, and no other is. */
  static void assertGreetedOnce(JsonNode session) {
    JsonNode messages = session.get("messages");
    JsonNode greeting = messages.get(0);
    assertEquals("assistant", greeting.get("role").asText(), "the greeting opens the transcript: " + messages);
    assertEquals("greeting", greeting.get("source").asText());
    assertEquals("greeting", greeting.get("turnId").asText());
    assertTrue(!greeting.get("text").asText().isBlank(), greeting.toString());
    int greetings = 0;
    for (JsonNode message : messages) if ("greeting".equals(message.path("source").asText())) greetings++;
    assertEquals(1, greetings, "stored once: " + messages);
  }

  @Test
  void aCallerWhoVanishesIsHungUpOnAndTheSessionArchived() throws Exception {
    useOwnNode(Map.of("parley.sip.media-timeout", "2s"));
    try (TestPhone phone = new TestPhone(LoopbackPorts.port())) {
      String sessionId = phone.answeredCall(sipPort);
      // No BYE, no more RTP: the phone is gone.
      phone.hungUpByNode().get(15, TimeUnit.SECONDS);
      JsonNode archived = awaitSession(sessionId, view -> view.get("status").asText().equals("archived"));
      assertEquals("phone", archived.get("channel").asText());
    }
  }

  @Test
  void theLineCarriesSteadyComfortSilenceWhileTheBotIsQuiet() throws Exception {
    try (TestPhone phone = new TestPhone(LoopbackPorts.port())) {
      phone.answeredCall(sipPort);
      awaitQuiet(phone);
      Thread.sleep(2_000); // two seconds of the line while the bot says nothing

      List<TestPhone.Heard> heard = phone.heard();
      long since = heard.get(heard.size() - 1).arrivedNanos() - Duration.ofSeconds(2).toNanos();
      List<TestPhone.Heard> quiet = heard.stream().filter(h -> h.arrivedNanos() >= since).toList();
      assertTrue(quiet.size() >= 90 && quiet.size() <= 110, "a packet every 20 ms: " + quiet.size() + " in 2 s");
      assertTrue(quiet.stream().allMatch(TestPhone.Heard::silent), "silence");
      long widestGapMillis = 0;
      for (int i = 1; i < quiet.size(); i++) {
        RtpPacket before = quiet.get(i - 1).packet();
        RtpPacket packet = quiet.get(i).packet();
        assertEquals((before.sequence() + 1) & 0xFFFF, packet.sequence(), "no gap in the numbering");
        assertEquals((before.timestamp() + 160) & 0xFFFFFFFFL, packet.timestamp(), "20 ms of audio each");
        widestGapMillis = Math.max(widestGapMillis, (quiet.get(i).arrivedNanos() - quiet.get(i - 1).arrivedNanos()) / 1_000_000);
      }
      assertTrue(widestGapMillis < 150, "no hole in the line, the widest gap was " + widestGapMillis + " ms");

      // The greeting was one talk spurt in the same numbering, paced at 20 ms a packet; the numbering
      // starts at random, so it may wrap past 65535 within the greeting.
      List<TestPhone.Heard> spoken = heard.stream().filter(h -> !h.silent()).toList();
      TestPhone.Heard first = spoken.get(0);
      assertTrue(first.packet().marker(), "the talk spurt is marked");
      assertEquals(quiet.get(0).packet().ssrc(), first.packet().ssrc(), "one stream");
      int index = heard.indexOf(first);
      assertTrue(index > 0, "silence came before the greeting");
      assertEquals((heard.get(index - 1).packet().sequence() + 1) & 0xFFFF, first.packet().sequence(), "one numbering");
      double spacingMillis = (spoken.get(spoken.size() - 1).arrivedNanos() - first.arrivedNanos()) / 1e6
          / ((spoken.get(spoken.size() - 1).packet().sequence() - first.packet().sequence()) & 0xFFFF);
      assertEquals(20, spacingMillis, 2, "the greeting is paced, not sent in bursts");
      phone.hangUp();
    }
  }

  @Test
  void reorderedDuplicatedAndLatePacketsAreStillHeardAndCounted() throws Exception {
    // The shared node's counters hold earlier calls' packets too, final once those calls are over.
    double duplicateBefore = metric("parley_rtp_packets_duplicate_total");
    double lateBefore = metric("parley_rtp_packets_late_total");
    double lostBefore = metric("parley_rtp_packets_lost_total");
    double receivedBefore = metric("parley_rtp_packets_received_total");
    double processedBefore = metric("parley_voice_frame_processing_seconds_count{channel=\"phone\"}");
    try (TestPhone phone = new TestPhone(LoopbackPorts.port())) {
      String sessionId = phone.answeredCall(sipPort);
      awaitQuiet(phone);

      short[] question = TestSpeech.say("What is the status of my ticket?", 8_000);
      TestPhone.Sent sent = phone.speakOverABadNetwork(Arrays.copyOf(question, question.length + 8_000));
      assertTrue(sent.duplicated() > 0 && sent.late() > 0, sent.toString());
      JsonNode session = awaitSession(sessionId, view -> view.get("messages").size() >= 2);
      String heard = session.get("messages").get(1).get("text").asText().toLowerCase(Locale.ROOT);
      assertTrue(heard.contains("status"), "heard over a bad network: " + heard);

      phone.hangUp();
      awaitSession(sessionId, view -> !view.get("status").asText().equals("open"));
      // A loaded machine can make a packet the phone sent on time arrive past its turn too, so late
      // counts at least the ones sent late; nothing but the phone makes a duplicate, and its second copy
      // is one whether the first came in time or late (JitterBuffer).
      await("the call's RTP statistics",
          () -> metric("parley_rtp_packets_duplicate_total") - duplicateBefore == sent.duplicated()
              && metric("parley_rtp_packets_late_total") - lateBefore >= sent.late());
      // Every packet came, so none is lost; a stray loss on a busy loopback is tolerated, late ones counted lost are not.
      assertTrue(metric("parley_rtp_packets_lost_total") - lostBefore < sent.late(), "late is not lost: every packet came");
      assertTrue(metric("parley_rtp_packets_received_total") - receivedBefore >= sent.packets(), "counted once each");
      assertTrue(metric("parley_voice_frame_processing_seconds_count{channel=\"phone\"}") - processedBefore > sent.packets(),
          "every frame the call took is timed");
    }
  }

  /** Waits until the bot has spoken and then been quiet for half a second (the greeting is over). */
  static void awaitQuiet(TestPhone phone) throws InterruptedException {
    await("the bot falling quiet", () -> {
      List<TestPhone.Heard> heard = phone.heard();
      return heard.size() > 25 && heard.stream().anyMatch(h -> !h.silent())
          && heard.subList(heard.size() - 25, heard.size()).stream().allMatch(TestPhone.Heard::silent);
    });
  }

  @Test
  void aCallerWhoHangsUpWhileItRingsGets487AndTheSessionIsArchivedAsCancelled() throws Exception {
    // A node of its own loads its speech engines for its first call (no warm-up in tests), which
    // takes seconds: the call rings until then, and the caller gives up meanwhile.
    useOwnNode(Map.of());
    try (TestPhone phone = new TestPhone(LoopbackPorts.port())) {
      var finalResponse = phone.dial(sipPort, "+4915112345678", "support", phone.offer());
      Response ringing = phone.ringing().get(30, TimeUnit.SECONDS);
      String sessionId = ((Header) ringing.getHeader("X-Parley-Session")).toString().split(":", 2)[1].strip();
      phone.cancel();
      assertEquals(487, finalResponse.get(30, TimeUnit.SECONDS).getStatusCode(), "Request Terminated");

      JsonNode session = awaitSession(sessionId, view -> view.get("status").asText().equals("archived"));
      assertEquals("phone", session.get("channel").asText());
      assertEquals("caller cancelled", session.get("closeReason").asText());
      assertEquals("cancelled", session.get("callEnd").asText());
      assertEquals(1.0, metric("parley_phone_calls_total{cause=\"cancelled\",tenant=\"" + TestIdentity.DEFAULT_TENANT + "\"}"));
      assertEquals(0, phone.packetsReceived(), "nothing was said into a call never answered");
    }
  }

  private JsonNode awaitSession(String id, Predicate<JsonNode> condition) throws Exception {
    return awaitSession(node.httpPort(), id, condition);
  }

  /** The session as {@code GET /v1/sessions/{id}} shows it, once it meets {@code condition} (within 30 s). */
  static JsonNode awaitSession(int httpPort, String id, Predicate<JsonNode> condition) throws Exception {
    String path = "/v1/sessions/" + id;
    return Awaiting.await("session " + id).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
        .until(() -> {
      HttpResponse<String> response = HTTP.send(TestIdentity.authorized(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path)), path).build(),
          HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 ? JSON.readTree(response.body()) : null;
    }, view -> view != null && condition.test(view));
  }

  static void await(String what, BooleanSupplier condition) throws InterruptedException {
    Awaiting.await(what).atMost(Duration.ofSeconds(30)).until(condition::getAsBoolean);
  }
}
