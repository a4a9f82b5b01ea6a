package io.parley.http;

import static io.parley.http.PhoneEndToEndTest.await;
import static io.parley.http.PhoneEndToEndTest.awaitQuiet;
import static io.parley.http.PhoneEndToEndTest.awaitSession;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.voice.media.G711;
import io.parley.voice.testing.TestSpeech;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A phone call handed to a person warmly, over real SIP and RTP on loopback: the caller (the test
 * phone) presses 0, hears the transfer line and then the hold tone while the node calls the person
 * (sipp as their phone), who hears the brief and presses a key. Key 1 bridges the two: what the
 * caller says reaches the person, whose sipp echoes it back, and the caller hears it. Key 2 leaves
 * the caller with the bot, which says so, the transfer recorded as {@code declined}; a person who
 * never picks up is {@code no_answer} after the ring timeout. A person who says "yes" during the
 * brief (sipp playing the local TTS engine's words) is bridged as by key 1; "no" declines as key 2.
 */
@RealTime
class WarmTransferEndToEndTest {
  private static final Path SIPP_PCAPS = Path.of("/usr/share/sip-tester");
  private static TestPhoneNode.Line line;
  private Sipp.Phone person;

  @BeforeAll
  static void start() throws Exception {
    line = TestPhoneNode.Line.start("Your ticket is open.", Map.of("parley.sip.outbound.ring-timeout", "3s",
        "parley.sip.outbound.person-decides", "20s", "parley.outbound.allowed-networks", "127.0.0.0/8",
        "parley.management.ops-token", OpsClient.TOKEN));
  }

  @AfterAll
  static void stop() {
    line.close();
  }

  @AfterEach
  void stopThePersonsPhone() throws Exception {
    if (person != null) person.process().destroy();
    await("the node's calls ending",
        () -> OpsClient.withToken(line.node().managementPort()).json("/cluster/calls").get("calls").asInt() == 0);
  }

  @Test
  void aPersonWhoAcceptsAfterTheBriefIsBridgedWithTheCaller(@TempDir Path work) throws Exception {
    String target = personAnswering(work, "parley_person_accepts.xml", "1", List.of("-rtp_echo"));
    try (TestPhone phone = new TestPhone(LoopbackPorts.port())) {
      String sessionId = answered(phone);
      int beforeAsking = phone.packetsReceived();
      phone.press('0');
      await("the hold tone", () -> phone.packetsReceived() > beforeAsking + 150);

      JsonNode accepted = awaitSession(line.node().httpPort(), sessionId, view -> view.path("transfers").size() > 0);
      JsonNode transfer = accepted.get("transfers").get(0);
      assertEquals(target, transfer.get("target").asText());
      assertTrue(transfer.get("transferred").asBoolean(), accepted.toString());
      assertEquals("accepted", transfer.get("outcome").asText());

      // Bridged: the hold tone stopped (3 s of quiet, longer than its loop), and the caller's words
      // come back from the person's phone.
      await("the hold tone stopping", () -> recentlyQuiet(phone, 150));
      int beforeSpeaking = phone.heard().size();
      phone.speak(tone(2_000));
      List<TestPhone.Heard> heard = phone.heard();
      long echoed = heard.subList(Math.min(beforeSpeaking, heard.size()), heard.size()).stream()
          .filter(packet -> !packet.quiet()).count();
      assertTrue(echoed > 25, "the caller hears the person's side: " + echoed + " loud packets");

      phone.hangUp();
      Sipp.Run run = person.finished();
      assertEquals(0, run.exitCode(), "the person's leg was hung up as the caller left: " + run.output());
      assertTrue(metrics().contains("parley_phone_warm_transfers_total{outcome=\"accepted\",tenant=\""
          + TestIdentity.DEFAULT_TENANT + "\"} 1.0"), "counted");
      assertTrue(metrics().contains("parley_phone_warm_transfer_wait_seconds_count{tenant=\""
          + TestIdentity.DEFAULT_TENANT + "\"}"), "the wait is measured");
    }
  }

  @Test
  void aPersonWhoDeclinesLeavesTheCallerWithTheBotAndTheReasonInTheSession(@TempDir Path work) throws Exception {
    personAnswering(work, "parley_person_declines.xml", "2", List.of());
    try (TestPhone phone = new TestPhone(LoopbackPorts.port())) {
      JsonNode session = transferAskedFor(phone);
      String sessionId = session.get("sessionId").asText();
      JsonNode transfer = session.get("transfers").get(0);
      assertFalse(transfer.get("transferred").asBoolean());
      assertEquals("declined", transfer.get("outcome").asText());
      assertEquals("open", session.get("status").asText());
      JsonNode told = awaitSession(line.node().httpPort(), sessionId, view -> view.get("messages").toString()
          .contains("couldn't put you through"));
      assertEquals("open", told.get("status").asText());
      Sipp.Run run = person.finished();
      assertEquals(0, run.exitCode(), "the node hung up on the person who declined: " + run.output());

      int beforeNotice = phone.packetsReceived();
      await("the bot telling the caller", () -> phone.packetsReceived() > beforeNotice + 25);
      assertFalse(phone.hungUpByNode().isDone(), "the caller is still with the bot");
      phone.hangUp();
    }
  }

  @Test
  void aPersonWhoSaysYesDuringTheBriefIsBridgedWithTheCaller(@TempDir Path work) throws Exception {
    String target = personSaying(work, "Yes.");
    try (TestPhone phone = new TestPhone(LoopbackPorts.port())) {
      JsonNode session = transferAskedFor(phone);
      JsonNode transfer = session.get("transfers").get(0);
      assertEquals(target, transfer.get("target").asText());
      assertEquals("accepted", transfer.get("outcome").asText(), "no key was pressed: the word took the call");
      phone.hangUp();
      assertEquals(0, person.finished().exitCode(), "the person's leg was hung up as the caller left");
    }
  }

  @Test
  void aPersonWhoSaysNoDuringTheBriefLeavesTheCallerWithTheBot(@TempDir Path work) throws Exception {
    personSaying(work, "No.");
    try (TestPhone phone = new TestPhone(LoopbackPorts.port())) {
      JsonNode session = transferAskedFor(phone);
      assertEquals("declined", session.get("transfers").get(0).get("outcome").asText());
      assertEquals("open", session.get("status").asText());
      assertEquals(0, person.finished().exitCode(), "the node hung up on the person who said no");
      assertFalse(phone.hungUpByNode().isDone(), "the caller is still with the bot");
      phone.hangUp();
    }
  }

  @Test
  void aBlindTransferCannotReachTheConsoleSoTheCallerWaitsInTheAgentQueue() throws Exception {
    assertEquals(200, TestIdentity.asAdmin(line.node().httpPort(), "PUT", "/v1/config?tenant=" + TestIdentity.DEFAULT_TENANT,
        "{\"config\": {\"phoneTransferTarget\": \"console\", \"voice\": {\"transferMode\": \"blind\"}}}").statusCode());
    try (TestPhone phone = new TestPhone(LoopbackPorts.port());
        ChatClient desk = ChatClient.greetedAgent(line.node().httpPort(), TestIdentity.DEFAULT_TENANT, "agent-dana", "Dana")) {
      String sessionId = answered(phone);
      phone.press('0');
      desk.next(frame -> frame.get("type").asText().equals("queue") && frame.get("waiting").toString().contains(sessionId));
      JsonNode session = awaitSession(line.node().httpPort(), sessionId, view -> true);
      assertEquals(0, session.path("transfers").size(), "no REFER to a browser was tried: " + session);
      assertFalse(phone.hungUpByNode().isDone(), "the caller waits on the line");
      phone.hangUp();
    }
  }

  @Test
  void aPersonWhoNeverPicksUpIsNoAnswer(@TempDir Path work) throws Exception {
    personAnswering(work, "parley_uas_no_answer.xml", "1", List.of());
    try (TestPhone phone = new TestPhone(LoopbackPorts.port())) {
      JsonNode session = transferAskedFor(phone);
      assertEquals("no_answer", session.get("transfers").get(0).get("outcome").asText());
      assertEquals("open", session.get("status").asText());
      assertEquals(0, person.finished().exitCode(), "the node cancelled the ringing call");
      phone.hangUp();
    }
  }

  @Test
  void aTargetTheOutboundPolicyRefusesIsNeverCalledAndTheTransferFailed() throws Exception {
    setTarget("sip:dana@10.20.30.40:5060");
    try (TestPhone phone = new TestPhone(LoopbackPorts.port())) {
      JsonNode session = transferAskedFor(phone);
      assertEquals("failed", session.get("transfers").get(0).get("outcome").asText());
      assertEquals("open", session.get("status").asText());
      phone.hangUp();
    }
  }

  /** sipp as the person's phone, the tenant's warm transfers going to it; the target's SIP URI. */
  private String personAnswering(Path work, String scenario, String key, List<String> options) throws Exception {
    Files.createDirectories(work.resolve("pcap"));
    Files.copy(SIPP_PCAPS.resolve("dtmf_2833_" + key + ".pcap"), work.resolve("pcap").resolve("dtmf_2833_" + key + ".pcap"));
    int port = LoopbackPorts.port();
    person = Sipp.answer(work, scenario, port, line.sipPort(), 1, options);
    String target = "sip:dana@127.0.0.1:" + port;
    setTarget(target);
    return target;
  }

  /** sipp as the person's phone, saying {@code words} (spoken by the local TTS engine) during the brief; the target. */
  private String personSaying(Path work, String words) throws Exception {
    short[] said = TestSpeech.say(words, 8_000);
    Files.write(work.resolve("person.al"), G711.alawEncode(Arrays.copyOf(said, said.length + 8_000)));
    int port = LoopbackPorts.port();
    person = Sipp.answer(work, "parley_person_speaks.xml", port, line.sipPort(), 1, List.of());
    String target = "sip:dana@127.0.0.1:" + port;
    setTarget(target);
    return target;
  }

  /** The tenant's calls go to {@code target}, warm. */
  private static void setTarget(String target) throws Exception {
    assertEquals(200, TestIdentity.asAdmin(line.node().httpPort(), "PUT", "/v1/config?tenant=" + TestIdentity.DEFAULT_TENANT,
        "{\"config\": {\"phoneTransferTarget\": \"" + target + "\", \"voice\": {\"transferMode\": \"warm\"}}}")
        .statusCode());
  }

  /** Calls in, presses 0 for a person; the session once its transfer is recorded. */
  private static JsonNode transferAskedFor(TestPhone phone) throws Exception {
    String sessionId = answered(phone);
    phone.press('0');
    return awaitSession(line.node().httpPort(), sessionId, view -> view.path("transfers").size() > 0);
  }

  private static String answered(TestPhone phone) throws Exception {
    String sessionId = phone.answeredCall(line.sipPort());
    awaitQuiet(phone);
    return sessionId;
  }

  private static boolean recentlyQuiet(TestPhone phone, int packets) {
    List<TestPhone.Heard> heard = phone.heard();
    return heard.size() > packets && heard.subList(heard.size() - packets, heard.size()).stream()
        .allMatch(TestPhone.Heard::quiet);
  }

  /** A loud 1 kHz tone of {@code millis} at 8 kHz. */
  private static short[] tone(int millis) {
    short[] samples = new short[8 * millis];
    for (int i = 0; i < samples.length; i++) samples[i] = (short) (8000 * Math.sin(2 * Math.PI * 1000 * i / 8000.0));
    return samples;
  }

  private static String metrics() throws Exception {
    return OpsClient.withToken(line.node().httpPort()).get("/metrics").body();
  }
}
