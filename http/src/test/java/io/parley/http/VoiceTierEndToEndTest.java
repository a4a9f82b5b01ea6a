package io.parley.http;

import static io.parley.core.testing.Awaiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.core.llm.testing.FakeChatCompletionsServer;
import io.parley.core.llm.testing.Reply;
import io.parley.persistence.testing.TestPostgres;
import io.parley.voice.testing.FakeSpeechServer;
import io.parley.voice.testing.FakeTranscriptionServer;
import io.parley.voice.testing.TestSpeech;
import io.parley.voice.phone.SdpOffer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import javax.sip.message.Response;

/**
 * The voice tier policy as a tenant uses it, over real sockets: a fake premium speech API at the
 * boundary (OpenAI's wire format) and the node's own local engine. A tenant's premium budget spent,
 * its calls speak locally from the next sentence on, and its webhook hears of 80 % and 100 % once
 * each; a lead-score tenant's conversation earns the premium voice once it scores; a phone call
 * hears the tenant's greeting; what the caller says to the premium recogniser (a fake OpenAI
 * transcription service) spends the same budget.
 */
@RealTime
class VoiceTierEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int RATE = 16_000;
  private static final String GREETING = "Acme Lamps, this is Ava.";
  private static final String FIRST = "Ticket T-1001 is open and waiting for an agent.";
  private static final String SECOND = "An agent usually replies within one working day, and you will get an email when they do.";
  private static final String THIRD = "Is there anything else I can help you with today?";
  /** The tenant whose number {@value #NUMBER} is: the phone call's. */
  private static final String CALLED = "umbrella";
  private static final String NUMBER = "+4930123456";
  /**
   * One node and its fake services for the class, its speech engines loaded once: each test is a
   * tenant of its own (its configuration, budget, counters and webhook deliveries), and reads what
   * the premium services were sent from where the earlier tests left them.
   */
  private static FakeChatCompletionsServer model;
  private static FakeSpeechServer premium;
  private static FakeTranscriptionServer transcriptions;
  private static WebhookReceiver webhook;
  private static ParleyNode node;
  private static PhonePorts ports;
  private int premiumCallsBefore;
  private int uploadsBefore;
  // The tenant this test configures and talks as.
  private String tenant;

  @BeforeAll
  static void start() throws Exception {
    model = FakeChatCompletionsServer.start();
    premium = FakeSpeechServer.start();
    transcriptions = FakeTranscriptionServer.start(upload -> "What is the status of my ticket?");
    webhook = WebhookReceiver.start("voice-secret");
    ObjectNode webhooks = JSON.createObjectNode();
    for (String tenant : TestIdentity.TENANTS) webhooks.setAll((ObjectNode) JSON.readTree(webhook.setting(tenant)));
    ports = PhonePorts.take(200);
    node = ParleyNode.start(TestNode.config(TestPostgres.newDatabase(), Optional.of(model.baseUrl()), ports.settingsWith(
        Map.of("parley.voice.tts.base-url", premium.baseUrl().toString(), "parley.voice.tts.api-key", "sk-test",
            "parley.voice.stt.base-url", transcriptions.baseUrl().toString(), "parley.voice.stt.api-key", "sk-test",
            "parley.workflows.webhooks", webhooks.toString(), "parley.sip.numbers", NUMBER + "=" + CALLED))));
  }

  @AfterAll
  static void stop() {
    if (node != null) node.close();
    if (webhook != null) webhook.close();
    if (premium != null) premium.close();
    if (transcriptions != null) transcriptions.close();
    if (model != null) model.close();
  }

  @BeforeEach
  void fromWhereTheLastTestLeftThem() {
    premiumCallsBefore = premium.calls().size();
    uploadsBefore = transcriptions.uploads().size();
  }

  @Test
  void aSpentPremiumBudgetSwitchesTheTenantsCallsToTheLocalVoiceAndTellsItsWebhook() throws Exception {
    tenant = "acme";
    // 100 characters: the greeting (24) and the first sentence (47) leave it under 80 %, the second
    // sentence is decided at 71 and spends past it, so the third is spoken locally.
    publish("{\"greeting\": \"" + GREETING + "\", \"voice\": {\"tier\": \"premium\", \"name\": \"nova\", \"speed\": 1.25},"
        + " \"premiumVoiceBudget\": 100}");
    model.enqueue(Reply.answer(FIRST + " " + SECOND + " " + THIRD));
    try (ChatClient client = ChatClient.connect(node.httpPort(), tenant)) {
      startVoice(client);
      awaitSpoken(client, "greeting");
      client.say("c-1", "What is the status of my ticket?");
      JsonNode answer = nextAnswer(client);
      awaitSpoken(client, answer.get("turnId").asText());
    }
    assertEquals(List.of(GREETING, FIRST, SECOND), spokenByPremium(), "the third sentence was spoken locally");
    JsonNode request = premiumCalls().get(0).body();
    assertEquals("nova", request.get("voice").asText(), "the tenant's voice: " + request);
    assertEquals(1.25, request.get("speed").asDouble(), 0.001, "the tenant's speed: " + request);

    List<WebhookReceiver.Delivery> alerts = awaitDeliveries(2);
    assertEquals(List.of("alert", "spent"), alerts.stream().map(d -> d.body().get("level").asText()).sorted().toList());
    WebhookReceiver.Delivery spent = alerts.stream().filter(d -> d.body().get("percent").asInt() == 100).findFirst().orElseThrow();
    assertTrue(spent.signed());
    assertEquals("voice.budget", spent.body().get("event").asText());
    assertEquals(100, spent.body().get("budgetCharacters").asInt());
    assertEquals(GREETING.length() + FIRST.length() + SECOND.length(), spent.body().get("premiumCharacters").asInt());

    String metrics = OpsClient.withToken(node.httpPort()).get("/metrics").body();
    assertTrue(metrics.contains(
        "parley_voice_tier_sentences_total{reason=\"tenant_premium\",tenant=\"" + tenant + "\",tier=\"premium\"} 3.0"), metrics);
    assertTrue(metrics.contains(
        "parley_voice_tier_sentences_total{reason=\"budget_spent\",tenant=\"" + tenant + "\",tier=\"local\"} 1.0"), metrics);
    assertTrue(metrics.contains("parley_voice_premium_budget_level_percent{tenant=\"" + tenant + "\"} 100.0"), metrics);
    assertTrue(metrics.contains("parley_voice_premium_characters_today{tenant=\"" + tenant + "\"} 159.0"), metrics);

    // The next call of the day greets the caller in the local voice, and nobody is told again.
    try (ChatClient client = ChatClient.connect(node.httpPort(), tenant)) {
      startVoice(client);
      awaitSpoken(client, "greeting");
    }
    assertEquals(3, premiumCalls().size(), "nothing more went to the premium engine");
    Thread.sleep(500); // time for a third delivery, which must not come
    assertEquals(2, deliveries().size(), "each level is told once a day");
  }

  @Test
  void premiumTranscriptionOfTheCallersSpeechSpendsTheSameBudget() throws Exception {
    tenant = "globex";
    // 10 characters: the caller's question (about two seconds, at 7 characters a second) spends them
    // all before the answer is decided, so not even its first sentence is spoken by the premium engine.
    publish("{\"voice\": {\"tier\": \"premium\"}, \"premiumVoiceBudget\": 10}");
    model.enqueue(Reply.answer(FIRST));
    try (ChatClient client = ChatClient.connect(node.httpPort(), tenant)) {
      startVoice(client);
      VoiceEndToEndTest.speak(client, TestSpeech.say("What is the status of my ticket?", RATE));
      JsonNode answer = nextAnswer(client);
      assertEquals(FIRST, answer.get("text").asText());
      awaitSpoken(client, answer.get("turnId").asText());
    }
    assertEquals(1, uploads().size(), "the question went to the premium recogniser");
    assertEquals(List.of(), spokenByPremium(), "the budget was spent on hearing the caller");

    long heardMillis = uploads().get(0).durationMillis();
    long characters = (heardMillis * 7 + 999) / 1000;
    List<WebhookReceiver.Delivery> alerts = awaitDeliveries(2);
    assertEquals(List.of(80, 100), alerts.stream().map(d -> d.body().get("percent").asInt()).toList());
    assertEquals(characters, alerts.get(1).body().get("premiumCharacters").asLong(), heardMillis + " ms heard");

    String metrics = OpsClient.withToken(node.httpPort()).get("/metrics").body();
    assertTrue(metrics.contains("parley_voice_premium_characters_today{tenant=\"" + tenant + "\"} " + characters + ".0"), metrics);
    assertTrue(metrics.contains("parley_voice_premium_transcription_seconds_total{tenant=\"" + tenant + "\"} " + heardMillis / 1000.0),
        metrics);
    assertTrue(metrics.contains(
        "parley_voice_tier_sentences_total{reason=\"budget_spent\",tenant=\"" + tenant + "\",tier=\"local\"} 1.0"), metrics);
  }

  @Test
  void aLeadScorePolicySpeaksPremiumOnlyOnceTheConversationScores() throws Exception {
    tenant = "initech";
    publish("{\"greeting\": \"Hello.\", \"voice\": {\"tier\": \"lead_score\", \"premiumFromScore\": 30}}");
    model.enqueue(Reply.answer("I am sorry to hear that."), Reply.answer("Our team plan costs ten euros a seat."));
    try (ChatClient client = ChatClient.connect(node.httpPort(), tenant)) {
      startVoice(client);
      // The greeting heard, the call follows the session: the answers that come are spoken.
      awaitSpoken(client, "greeting");
      client.say("c-1", "Hi, my parcel is late.");
      awaitSpoken(client, nextAnswer(client).get("turnId").asText());
      assertEquals(List.of(), spokenByPremium(), "a score of 0, then 2, is spoken locally");

      client.say("c-2", "Do you have a plan for teams, and what does it cost?");
      awaitSpoken(client, client.next(f -> f.get("type").asText().equals("message")
          && f.get("role").asText().equals("assistant") && f.get("text").asText().contains("team plan"))
          .get("turnId").asText());
      assertEquals(List.of("Our team plan costs ten euros a seat."), spokenByPremium(), "a score of 39 earns premium");
    }
    String metrics = OpsClient.withToken(node.httpPort()).get("/metrics").body();
    assertTrue(metrics.contains("parley_voice_tier_sentences_total{reason=\"low_score\",tenant=\"" + tenant + "\",tier=\"local\"} 2.0"),
        metrics);
    assertTrue(metrics.contains("parley_voice_tier_sentences_total{reason=\"lead_score\",tenant=\"" + tenant + "\",tier=\"premium\"} 1.0"),
        metrics);
  }

  @Test
  void aPhoneCallHearsTheTenantsGreetingInsteadOfTheNodes() throws Exception {
    tenant = CALLED;
    publish("{\"greeting\": \"" + GREETING + "\"}");
    try (TestPhone phone = new TestPhone(LoopbackPorts.port())) {
      Response answered = phone.call(ports.sip(), "+4915112345678", NUMBER, phone.offer());
      assertEquals(200, answered.getStatusCode());
      SdpOffer answer = SdpOffer.parse(new String(answered.getRawContent(), StandardCharsets.UTF_8)).orElseThrow();
      phone.mediaTo(new InetSocketAddress(answer.address(), answer.port()));
      phone.speak(new short[8_000]);
      await("the greeting sent to the premium engine").atMost(Duration.ofSeconds(15)).until(() -> !premiumCalls().isEmpty());
      assertEquals(List.of(GREETING), spokenByPremium(), "the tenant's greeting, not PARLEY_SIP_GREETING");
      phone.hangUp();
    }
  }

  private void publish(String config) throws Exception {
    assertEquals(200, TestIdentity.asAdmin(node.httpPort(), "PUT", "/v1/config?tenant=" + tenant,
        "{\"config\": " + config + "}").statusCode());
  }

  private List<String> spokenByPremium() {
    return premiumCalls().stream().map(call -> call.body().get("input").asText()).toList();
  }

  /** What the premium speech engine was asked since this test began. */
  private List<FakeSpeechServer.SpeechCall> premiumCalls() {
    List<FakeSpeechServer.SpeechCall> calls = premium.calls();
    return calls.subList(premiumCallsBefore, calls.size());
  }

  /** What the premium recogniser was sent since this test began. */
  private List<FakeTranscriptionServer.Upload> uploads() {
    List<FakeTranscriptionServer.Upload> uploads = transcriptions.uploads();
    return uploads.subList(uploadsBefore, uploads.size());
  }

  /** The webhook deliveries of this test's tenant. */
  private List<WebhookReceiver.Delivery> deliveries() {
    return webhook.deliveries().stream().filter(d -> d.body().path("tenant").asText().equals(tenant)).toList();
  }

  private List<WebhookReceiver.Delivery> awaitDeliveries(int count) {
    await(count + " deliveries").atMost(Duration.ofSeconds(15)).until(() -> deliveries().size() >= count);
    List<WebhookReceiver.Delivery> deliveries = deliveries();
    assertEquals(count, deliveries.size(), "deliveries: " + deliveries);
    return deliveries.stream().sorted(Comparator.comparing(d -> d.body().get("percent").asInt())).toList();
  }

  private static void startVoice(ChatClient client) {
    client.send(ChatClient.frame("start").put("channel", "voice"));
    client.expect("session");
    client.send(ChatClient.frame("voice").put("action", "start").put("sampleRate", RATE));
    assertEquals("started", client.expect("voice").get("state").asText());
  }

  /** Waits until the bot has finished speaking {@code turnId}. */
  /** The next answer of the bot: an assistant message, the greeting (stored as one) aside. */
  private static JsonNode nextAnswer(ChatClient client) {
    return client.next(f -> ChatClient.isMessage(f, "assistant")
        && !f.get("turnId").asText().equals("greeting"));
  }

  private static void awaitSpoken(ChatClient client, String turnId) {
    client.next(f -> f.get("type").asText().equals("speaking") && f.get("state").asText().equals("stop")
        && f.get("turnId").asText().equals(turnId));
  }
}
