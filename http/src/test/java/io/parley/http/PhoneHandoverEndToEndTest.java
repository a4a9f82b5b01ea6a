package io.parley.http;

import static io.parley.http.PhoneEndToEndTest.await;
import static io.parley.http.PhoneEndToEndTest.awaitQuiet;
import static io.parley.http.PhoneEndToEndTest.awaitSession;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.core.llm.testing.FakeChatCompletionsServer;
import io.parley.persistence.DatabaseSettings;
import io.parley.persistence.testing.TestPostgres;
import io.parley.voice.testing.TestSpeech;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A phone call leaving the bot, end to end over real SIP and RTP on loopback: the caller presses
 * 0 and, with a transfer target configured, hears the transfer line and is transferred by REFER
 * (the test phone plays the PBX: 202, then NOTIFY with the new call's status), or stays with the
 * bot when the transfer fails; and a node shutting down gracefully says "please call again" and
 * hangs up, its session closed.
 */
@RealTime
class PhoneHandoverEndToEndTest {
  private static final String TARGET = "sip:support-queue@127.0.0.1:5999";
  private static final String DANAS_PHONE = "sip:dana@127.0.0.1:5998";
  private static final String TENANTS_DESK = "sip:front-desk@127.0.0.1:5997";
  private static final String FIRST_SENTENCE = "Your ticket is open and an agent will call you back later today.";
  private static final String LONG_ANSWER = FIRST_SENTENCE + " They usually call within two hours of a ticket being"
      + " opened, and they will have your order history at hand. Is there anything else I can help you with?";
  private static final String SHORT_ANSWER = "Your ticket is open.";
  /**
   * Quiet packets in a row that make a pause between sentences, 160 ms: a sentence of the node's
   * voice ends in over 200 ms of quiet, its words pause for 80 ms at most.
   */
  private static final int PAUSE_PACKETS = 8;
  @AutoClose private static FakeChatCompletionsServer model;
  // What the model answers; a test that needs an answer still playing at some moment makes it long.
  private static volatile String answer = SHORT_ANSWER;
  private static DatabaseSettings database;
  /**
   * The node of the class, its speech engines loaded once: each test leaves it with no call up and
   * the tenant's configuration as it found it. The shutdown tests stop it and start the next one.
   */
  @AutoClose private static ParleyNode node;
  private static PhonePorts ports;

  @BeforeAll
  static void start() throws Exception {
    model = FakeChatCompletionsServer.start(request -> answer);
    database = TestPostgres.newDatabase();
    ports = PhonePorts.take(200);
    node = startNode();
  }

  private static ParleyNode startNode() {
    return ParleyNode.start(TestNode.config(database, Optional.of(model.baseUrl()), ports.settingsWith(Map.of(
        "parley.handoff.phone-transfer-target", TARGET, "parley.management.ops-token", OpsClient.TOKEN))));
  }

  @BeforeEach
  void aRunningNodeWithTheShortAnswer() {
    answer = SHORT_ANSWER;
    // A shutdown test that failed between its stop and its restart left none.
    if (node == null) node = startNode();
  }

  @AfterEach
  void noCallLeftUp() throws Exception {
    if (node == null) return;
    await("the node's calls ending",
        () -> OpsClient.withToken(node.managementPort()).json("/cluster/calls").get("calls").asInt() == 0);
  }

  @Test
  void zeroOnTheKeypadTransfersTheCallerByReferAndTheSessionRecordsIt() throws Exception {
    try (TestPhone phone = new TestPhone(LoopbackPorts.port())) {
      String sessionId = answered(phone);
      int beforeAsking = phone.packetsReceived();
      phone.press('0');
      assertEquals(TARGET, phone.referredTo().get(30, TimeUnit.SECONDS));
      assertTrue(phone.packetsAtRefer() > beforeAsking + 50,
          "the transfer line is heard before the REFER: " + (phone.packetsAtRefer() - beforeAsking) + " packets");
      phone.hungUpByNode().get(30, TimeUnit.SECONDS);

      JsonNode session = awaitSession(node.httpPort(), sessionId, view -> !view.get("status").asText().equals("open"));
      assertEquals("call transferred", session.get("closeReason").asText());
      assertEquals("transferred", session.get("callEnd").asText());
      JsonNode transfer = session.get("transfers").get(0);
      assertEquals(TARGET, transfer.get("target").asText());
      assertTrue(transfer.get("transferred").asBoolean(), session.toString());
      assertEquals("SIP/2.0 200 OK", transfer.get("outcome").asText());
    }
  }

  @Test
  void anAgentTakingAPhoneCallOverHasItTransferred() throws Exception {
    try (TestPhone phone = new TestPhone(LoopbackPorts.port());
        ChatClient agent = ChatClient.agentWithPhone(node.httpPort(), TestIdentity.DEFAULT_TENANT, "agent-dana", "Dana",
            DANAS_PHONE)) {
      agent.expect("hello");
      String sessionId = answered(phone);
      agent.send(ChatClient.frame("take").put("sessionId", sessionId));
      assertEquals(DANAS_PHONE, phone.referredTo().get(30, TimeUnit.SECONDS), "the agent's own phone, not the tenant's");
      phone.hungUpByNode().get(30, TimeUnit.SECONDS);
      JsonNode session = awaitSession(node.httpPort(), sessionId, view -> !view.get("status").asText().equals("open"));
      assertEquals("call transferred", session.get("closeReason").asText());
    }
  }

  @Test
  void aTransferTheFarSideFailsKeepsTheCallerWithTheBotWhichSaysSo() throws Exception {
    try (TestPhone phone = new TestPhone(LoopbackPorts.port())) {
      phone.answerTransfersWith(503);
      assertEquals(200, tenantConfig("{\"config\": {\"phoneTransferTarget\": \"" + TENANTS_DESK + "\"}}"));
      String sessionId = answered(phone);
      phone.press('0');
      assertEquals(TENANTS_DESK, phone.referredTo().get(30, TimeUnit.SECONDS), "the tenant's target wins over the node's");

      JsonNode session = awaitSession(node.httpPort(), sessionId, view -> view.path("transfers").size() > 0);
      JsonNode transfer = session.get("transfers").get(0);
      assertFalse(transfer.get("transferred").asBoolean());
      assertEquals("SIP/2.0 503 Service Unavailable", transfer.get("outcome").asText());
      assertEquals("open", session.get("status").asText());
      assertTrue(OpsClient.withToken(node.httpPort()).get("/metrics").body().contains(
          "parley_phone_transfers_total{outcome=\"failed\",tenant=\"" + TestIdentity.DEFAULT_TENANT + "\"} 1.0"),
          "the failed transfer is counted");
      boolean told = false;
      for (JsonNode message : session.get("messages")) {
        told |= message.get("text").asText().contains("couldn't put you through");
      }
      assertTrue(told, "the caller is told: " + session.get("messages"));

      int beforeNotice = phone.packetsReceived();
      phone.speak(new short[8_000 * 3]);
      assertTrue(phone.packetsReceived() > beforeNotice + 50, "the bot speaks on: the call is still up");
      assertFalse(phone.hungUpByNode().isDone(), "the node did not hang up");
      phone.hangUp();
    } finally {
      // The other tests transfer to the node's target.
      assertEquals(200, tenantConfig("{\"config\": {}}"));
    }
  }

  private static int tenantConfig(String body) throws Exception {
    return TestIdentity.asAdmin(node.httpPort(), "PUT", "/v1/config?tenant=" + TestIdentity.DEFAULT_TENANT, body).statusCode();
  }

  @Test
  void aNodeShuttingDownSaysPleaseCallAgainThenHangsUpAndClosesTheSession() throws Exception {
    try (TestPhone phone = new TestPhone(LoopbackPorts.port())) {
      String sessionId = answered(phone);
      phone.speak(new short[8_000 * 2]);
      int beforeShutdown = phone.packetsReceived();

      node.close();
      node = null;
      phone.hungUpByNode().get(1, TimeUnit.SECONDS);
      assertTrue(phone.packetsAtBye() > beforeShutdown + 50,
          "the goodbye is heard before the BYE: " + (phone.packetsAtBye() - beforeShutdown) + " packets");

      node = startNode();
      JsonNode session = awaitSession(node.httpPort(), sessionId, view -> !view.get("status").asText().equals("open"));
      assertEquals("node shut down", session.get("closeReason").asText());
      assertEquals("shutdown", session.get("callEnd").asText());
    }
  }

  @Test
  void aNodeShuttingDownMidAnswerEndsTheSentenceSaysGoodbyeHangsUpAndKeepsOnlyWhatWasPlayed() throws Exception {
    answer = LONG_ANSWER;
    try (TestPhone phone = new TestPhone(LoopbackPorts.port())) {
      String sessionId = answered(phone);
      int beforeAnswer = phone.packetsReceived();
      short[] question = TestSpeech.say("What is the status of my ticket?", 8_000);
      phone.speak(Arrays.copyOf(question, question.length + 8_000));
      await("the answer's first sentence playing", () -> phone.packetsReceived() > beforeAnswer + 25);

      long shutdownNanos = System.nanoTime();
      node.close();
      node = null;
      phone.hungUpByNode().get(1, TimeUnit.SECONDS);
      // After the first sentence and the pause it ends in, the goodbye, before the BYE.
      List<TestPhone.Heard> heard = phone.heard();
      int lineStart = speechAfterAPause(heard, shutdownNanos);
      long linePackets = heard.subList(lineStart, heard.size()).stream().filter(packet -> !packet.silent()).count();

      node = startNode();
      JsonNode session = awaitSession(node.httpPort(), sessionId, view -> !view.get("status").asText().equals("open"));
      assertEquals("shutdown", session.get("callEnd").asText());
      JsonNode messages = session.get("messages");
      JsonNode spoken = messages.get(messages.size() - 1);
      assertEquals("assistant", spoken.get("role").asText(), messages.toString());
      assertTrue(spoken.path("interrupted").asBoolean(), "cut by the shutdown: " + spoken);
      assertEquals(FIRST_SENTENCE, spoken.get("text").asText(), "the sentence playing was finished, nothing after it");
      assertTrue(lineStart < heard.size(), "the sentence playing ends in a pause, and the shutdown line follows it");
      assertTrue(linePackets > 100, "the shutdown line is heard before the BYE: " + linePackets + " packets");
    }
  }

  /**
   * Where speech resumes after a pause, past {@code sinceNanos}: the index in {@code heard} of the
   * first packet that is not quiet after {@value #PAUSE_PACKETS} or more quiet ones (the size of
   * {@code heard} when none is). A sentence ends in a pause, its words have none as long. Not the
   * next talk spurt: the shutdown line can follow the sentence's last packet at once, in the same
   * spurt (no marker), when it was synthesised before the few packets still queued had gone out.
   */
  private static int speechAfterAPause(List<TestPhone.Heard> heard, long sinceNanos) {
    int quietInARow = 0;
    for (int i = 0; i < heard.size(); i++) {
      if (heard.get(i).quiet()) {
        quietInARow++;
      } else {
        if (quietInARow >= PAUSE_PACKETS && heard.get(i).arrivedNanos() > sinceNanos) return i;
        quietInARow = 0;
      }
    }
    return heard.size();
  }

  /** Calls the node, hears the greeting out; the session's id. */
  private static String answered(TestPhone phone) throws Exception {
    String sessionId = phone.answeredCall(ports.sip());
    awaitQuiet(phone);
    return sessionId;
  }
}
