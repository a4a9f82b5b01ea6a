package io.parley.http;

import static io.parley.core.testing.Awaiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.core.llm.ToolCall;
import io.parley.core.llm.testing.FakeChatCompletionsServer;
import io.parley.core.llm.testing.Reply;
import io.parley.persistence.testing.TestPostgres;
import io.parley.voice.media.Pcm16;
import io.parley.voice.testing.FakeSpeechServer;
import io.parley.voice.testing.FakeTranscriptionServer;
import io.parley.voice.testing.TestSpeech;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Voice end to end, over a real socket, with the node's own local engines (Vosk hears, FreeTTS
 * speaks) and a fake model at the boundary: a spoken question becomes a stored user message, the
 * tool call runs, the answer comes back as audio and text; spoken over, the answer is kept only
 * as far as it was heard, and what was said over it is the next message. The conversation's
 * {@code voiceSeconds} is the time spoken: the questions and the answers as far as they played. A
 * voice call of a tenant the operator disables ends with its socket, told {@code tenant_disabled}.
 */
@RealTime
class VoiceEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final int RATE = 16_000;
  private static final String ANSWER = "Ticket T-1001 is open and waiting for an agent. "
      + "An agent usually replies within one working day, and you will get an email when they do. "
      + "Is there anything else I can help you with today?";
  private static final String QUESTION = "What is the status of my ticket?";
  /** Long enough to tell the time spoken from the time from start to close, which it lengthens by as much. */
  private static final Duration QUIET_SPELL = Duration.ofSeconds(3);
  private static FakeChatCompletionsServer model;
  /** The node most tests talk to, one for the class: its speech engines load once, for the first call. */
  private static ParleyNode shared;
  // The node this test talks to: the shared one, or one of its own with special settings.
  private ParleyNode node;

  @BeforeAll
  static void startShared() {
    model = FakeChatCompletionsServer.start();
    // Two tests ask the same first question: the model answers each, as on a fresh node's empty cache.
    shared = ParleyNode.start(TestNode.config(TestPostgres.newDatabase(), Optional.of(model.baseUrl()),
        Map.of("parley.answer-cache.enabled", false, "parley.management.ops-token", OpsClient.TOKEN)));
  }

  @AfterAll
  static void stopShared() {
    if (shared != null) shared.close();
    if (model != null) model.close();
  }

  @BeforeEach
  void talkToTheSharedNode() {
    node = shared;
  }

  @AfterEach
  void stop() {
    if (node != shared) node.close();
  }

  @Test
  void aSpokenQuestionIsAnsweredAloudAndAsText() throws Exception {
    model.enqueue(Reply.toolCalls(new ToolCall("call-1", "fetch_status", "{\"ticket_id\":\"T-1001\"}")),
        Reply.answer(ANSWER));
    Instant before = Instant.now().minusSeconds(1);
    try (ChatClient client = ChatClient.connect(node.httpPort(), "acme")) {
      String sessionId = startVoice(client);

      short[] asked = TestSpeech.say("What is the status of ticket T-1001?", RATE);
      speak(client, asked);

      JsonNode heard = client.next(f -> f.get("type").asText().equals("transcript") && f.get("final").asBoolean());
      String text = heard.get("text").asText().toLowerCase(Locale.ROOT);
      // The small model hears the ticket's number as words ("t one thousand and one").
      assertTrue(text.contains("status") && text.contains("one thousand"), "heard: " + text);
      JsonNode question = client.next(f -> ChatClient.isMessage(f, "user"));
      assertEquals(heard.get("text").asText(), question.get("text").asText(), "the utterance is the user message");
      assertEquals("fetch_status", client.expect("tool").get("name").asText());
      JsonNode speaking = client.expect("speaking");
      assertEquals("start", speaking.get("state").asText());
      assertEquals(ANSWER, client.answerOf(speaking.get("turnId").asText()).get("text").asText());
      JsonNode done = client.expect("speaking");
      assertEquals("stop", done.get("state").asText());
      assertEquals("done", done.get("reason").asText());
      long spokenMillis = client.takeAudio().stream().mapToLong(frame -> frame.length / 2 * 1000L / RATE).sum();
      assertTrue(spokenMillis > 5_000, "the whole answer was spoken, got " + spokenMillis + " ms of audio");

      JsonNode view = getJson("/v1/sessions/" + sessionId + "?tenant=acme");
      assertEquals("voice", view.get("channel").asText(), view.toString());

      assertEquals(200, TestIdentity.asAdmin(node.httpPort(), "DELETE", "/v1/sessions/" + sessionId + "?tenant=acme", null)
          .statusCode());
      JsonNode row = closedConversation(sessionId, before);
      // The whole answer as played, and the question from its first voiced frame to its last, each rounded.
      long answer = Math.round(spokenMillis / 1000.0);
      long askedSeconds = Math.round(asked.length / (double) RATE);
      long voiceSeconds = row.get("voiceSeconds").asLong();
      assertTrue(voiceSeconds >= answer + 1 && voiceSeconds <= answer + askedSeconds,
          "the answer's " + spokenMillis + " ms and the question's " + asked.length / RATE + " s at most: " + row);
    }
  }

  @Test
  void aVoiceCallOfATenantDisabledMidCallEndsWithItsSocket() throws Exception {
    String key = "pk_dawn_0123456789abcd";
    ObjectNode entry = TenantsEndToEndTest.entry("sk_dawn_admin_0123456789abcdef", key);
    String operator = "Bearer " + OpsClient.TOKEN;
    assertEquals(201, TestIdentity.call(node.httpPort(), "PUT", "/v1/tenants/dawn", operator, entry.toString()).statusCode());
    try (ChatClient client = ChatClient.open(node.httpPort(), "/v1/chat/ws?key=" + key)) {
      startVoice(client);

      HttpResponse<String> disabled = TestIdentity.call(node.httpPort(), "PUT", "/v1/tenants/dawn", operator,
          entry.deepCopy().put("disabled", true).toString());
      assertEquals(200, disabled.statusCode(), disabled.body());
      assertEquals("tenant_disabled", client.expect("closed").get("reason").asText());
      client.awaitClose();
    }
  }

  @Test
  void anAnswerSpokenOverKeepsOnlyWhatWasHeard() throws Exception {
    int earlierRequests = model.requestCount();
    model.enqueue(Reply.answer(ANSWER), Reply.answer("Goodbye!"));
    String stopTime = "parley_voice_barge_in_stop_seconds";
    String before = metrics();
    try (ChatClient client = ChatClient.connect(node.httpPort(), "acme")) {
      String sessionId = startVoice(client);
      // The customer listens for a while (the page reports its position), then talks over the bot.
      String turnId = listenedToTheAnswer(client);
      short[] overTheBot = TestSpeech.say("No thanks, that is all I needed.", RATE);
      CompletableFuture<Void> speaking = CompletableFuture.runAsync(() -> speak(client, overTheBot));
      JsonNode stop = client.expect("speaking");
      assertEquals("barge_in", stop.get("reason").asText());
      client.send(ChatClient.frame("played").put("turnId", turnId).put("ms", 2_500).put("stopped", true));
      speaking.join();

      String after = metrics();
      assertEquals(1, OpsClient.sample(after, stopTime + "_count") - OpsClient.sample(before, stopTime + "_count"));
      System.out.printf("the bot stopped %.1f ms after the barge-in's frame reached the call%n",
          (OpsClient.sample(after, stopTime + "_sum") - OpsClient.sample(before, stopTime + "_sum")) * 1000);
      JsonNode interrupted = client.expect("interrupted");
      String kept = interrupted.get("text").asText();
      assertTrue(!kept.isEmpty() && ANSWER.startsWith(kept) && kept.length() < ANSWER.length(),
          "a prefix of the answer is kept: " + kept);
      JsonNode next = client.next(f -> ChatClient.isMessage(f, "user")
          && f.get("text").asText().toLowerCase(Locale.ROOT).contains("thanks"));
      assertTrue(next.get("seq").asLong() > interrupted.get("seq").asLong(), "the interruption is the next message");

      JsonNode stored = storedAnswer(sessionId, turnId);
      assertEquals(kept, stored.get("text").asText());
      assertTrue(stored.get("interrupted").asBoolean(), stored.toString());
      String nextPrompt = model.requests().get(earlierRequests + 1).body().toString();
      assertTrue(!nextPrompt.contains("working day"), "what was not heard never reaches the model: " + nextPrompt);
    }
  }

  /**
   * Also the conversation's {@code voiceSeconds}: the question as spoken and the 1.8 s of the answer
   * the page played, not the call's time from start to close, which a quiet spell lengthens.
   */
  @Test
  void voiceStoppedMidAnswerKeepsOnlyWhatThePageSaidItPlayed() throws Exception {
    model.enqueue(Reply.answer(ANSWER));
    Instant before = Instant.now().minusSeconds(1);
    try (ChatClient client = ChatClient.connect(node.httpPort(), "acme")) {
      String sessionId = startVoice(client);
      // The customer listens for a while (the page reports its position), then turns voice off.
      String turnId = listenedToTheAnswer(client);
      client.send(ChatClient.frame("voice").put("action", "stop"));

      JsonNode interrupted = client.expect("interrupted");
      String kept = interrupted.get("text").asText();
      assertTrue(!kept.isEmpty() && ANSWER.startsWith(kept) && kept.length() < ANSWER.indexOf('.'),
          "what 1.8 s of the first sentence said is kept: " + kept);
      JsonNode stored = storedAnswer(sessionId, turnId);
      assertEquals(kept, stored.get("text").asText());
      assertTrue(stored.get("interrupted").asBoolean(), stored.toString());

      Thread.sleep(QUIET_SPELL.toMillis()); // the customer reads on, nobody speaks
      assertEquals(200, TestIdentity.asAdmin(node.httpPort(), "DELETE", "/v1/sessions/" + sessionId + "?tenant=acme", null)
          .statusCode());
      JsonNode row = closedConversation(sessionId, before);
      long voiceSeconds = row.get("voiceSeconds").asLong();
      double question = TestSpeech.say(QUESTION, RATE).length / (double) RATE;
      // The utterance is its voiced frames, within the question's audio; each part is rounded to the nearest second.
      assertTrue(voiceSeconds >= 3 && voiceSeconds <= Math.round(question) + 2,
          "the question (" + question + " s of audio) and 1.8 s of the answer: " + row);
      long startToClose = Duration.between(Instant.parse(row.get("startedAt").asText()),
          Instant.parse(row.get("closedAt").asText())).toSeconds();
      assertTrue(startToClose - voiceSeconds >= QUIET_SPELL.toSeconds(), "not the time from start to close: " + row);
    }
  }

  /** The conversations read model's row of {@code sessionId}, once the projection has folded its close. */
  private JsonNode closedConversation(String sessionId, Instant startedAfter) throws Exception {
    String path = "/v1/conversations?tenant=acme&channel=voice&status=closed&from=" + startedAfter + "&to="
        + Instant.now().plusSeconds(60);
    return await("the projection folding the close of " + sessionId).atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200)).until(() -> {
          HttpResponse<String> listed = TestIdentity.asAdmin(node.httpPort(), "GET", path, null);
          assertEquals(200, listed.statusCode(), listed.body());
          for (JsonNode row : JSON.readTree(listed.body()).get("conversations")) {
            if (row.get("sessionId").asText().equals(sessionId)) return row;
          }
          return null;
        }, Objects::nonNull);
  }

  @Test
  void theRecognisersOwnEndOfSpeechEndsTheUtteranceBeforeTheSilenceDoes() {
    // Five seconds of silence would end the utterance; the caller is quiet for one, then sends nothing.
    node = ParleyNode.start(TestNode.config(TestPostgres.newDatabase(), Optional.of(model.baseUrl()),
        Map.of("parley.answer-cache.enabled", false, "parley.voice.vad.end-of-utterance-ms", 5_000)));
    model.enqueue(Reply.answer("Your parcel is on its way."));
    try (ChatClient client = ChatClient.connect(node.httpPort(), "acme")) {
      startVoice(client);
      speak(client, TestSpeech.say("Where is my parcel?", RATE));
      String heard = finalTranscript(client).toLowerCase(Locale.ROOT);
      assertTrue(heard.contains("parcel"), "Vosk heard the end of the question: " + heard);
      JsonNode question = client.next(f -> ChatClient.isMessage(f, "user"));
      assertEquals("Your parcel is on its way.", client.answerOf(question.get("turnId").asText()).get("text").asText());
    }
  }

  @Test
  void theNodesOwnShareOfTheDelayLeavesOutTheModelsWait() {
    model.enqueue(Reply.answer("Your parcel is on its way.").delayingHeaders(Duration.ofMillis(800)));
    String firstAudio = "parley_voice_end_of_speech_to_first_audio_seconds";
    String own = "parley_voice_node_own_seconds";
    String before = metrics();
    try (ChatClient client = ChatClient.connect(node.httpPort(), "acme")) {
      startVoice(client);
      speak(client, TestSpeech.say("Where is my parcel?", RATE));
      awaitSpoken(client);
    }
    String after = metrics();
    assertEquals(1, OpsClient.sample(after, firstAudio + "_count") - OpsClient.sample(before, firstAudio + "_count"));
    assertEquals(1, OpsClient.sample(after, own + "_count") - OpsClient.sample(before, own + "_count"));
    double total = OpsClient.sample(after, firstAudio + "_sum") - OpsClient.sample(before, firstAudio + "_sum");
    double ownShare = OpsClient.sample(after, own + "_sum") - OpsClient.sample(before, own + "_sum");
    assertTrue(total >= 0.8, "the caller waited for the model's 800 ms: " + total);
    assertTrue(ownShare >= 0 && ownShare <= total - 0.8, "the model's 800 ms are not the node's: own " + ownShare
        + " s of " + total + " s");
  }

  @Test
  void aPremiumRecogniserThatFailsMidCallHandsTheUtteranceToTheLocalOneAndNoTurnIsLost() throws Exception {
    try (FakeTranscriptionServer premium = FakeTranscriptionServer.start()) {
      premium.enqueue(FakeTranscriptionServer.Reply.transcript("Where is my parcel?"),
          FakeTranscriptionServer.Reply.error(500, "overloaded"));
      node = ParleyNode.start(TestNode.config(TestPostgres.newDatabase(), Optional.of(model.baseUrl()),
          Map.of("parley.voice.stt.base-url", premium.baseUrl().toString(), "parley.voice.stt.api-key", "sk-test")));
      try (ChatClient client = ChatClient.connect(node.httpPort(), "acme")) {
        startVoice(client);
        speak(client, TestSpeech.say("Where is my parcel?", RATE));
        assertEquals("Where is my parcel?", finalTranscript(client), "the premium service heard the first");
        awaitSpoken(client);

        speak(client, TestSpeech.say("I would like to speak to a person.", RATE));
        String second = finalTranscript(client).toLowerCase(Locale.ROOT);
        assertTrue(second.contains("person"), "the local engine heard the second: " + second);
        JsonNode stored = client.next(f -> f.get("type").asText().equals("message")
            && f.get("text").asText().toLowerCase(Locale.ROOT).contains("person"));
        assertEquals("user", stored.get("role").asText());
        assertEquals(2, premium.uploads().size(), "both utterances went to the premium service first");
      }
    }
  }

  @Test
  void aPremiumSynthesiserThatBreaksMidAnswerLeavesTheRestToTheLocalVoiceAndTheAnswerIsSpokenWhole() {
    String answer = "Your parcel left our warehouse on Monday. It is with the courier now. It should arrive by Friday.";
    model.enqueue(Reply.answer(answer));
    try (FakeSpeechServer premium = FakeSpeechServer.start()) {
      premium.enqueue(FakeSpeechServer.Reply.audio(), FakeSpeechServer.Reply.audio().droppingAfter(2));
      node = ParleyNode.start(TestNode.config(TestPostgres.newDatabase(), Optional.of(model.baseUrl()),
          Map.of("parley.answer-cache.enabled", false, "parley.voice.tts.base-url", premium.baseUrl().toString(),
              "parley.voice.tts.api-key", "sk-test")));
      try (ChatClient client = ChatClient.connect(node.httpPort(), "acme")) {
        startVoice(client);
        speak(client, TestSpeech.say("Where is my parcel?", RATE));
        JsonNode speaking = client.expect("speaking");
        assertEquals(answer, client.answerOf(speaking.get("turnId").asText()).get("text").asText());
        JsonNode done = client.next(f -> f.get("type").asText().equals("speaking") && f.get("state").asText().equals("stop"));
        assertEquals("done", done.get("reason").asText(), "the answer was spoken to its end");
        assertTrue(premium.calls().size() >= 2, "the premium voice spoke first: " + premium.calls().size() + " requests");
      }
      String metrics = metrics();
      assertEquals(1.0, metrics.lines()
          .filter(line -> line.startsWith("parley_voice_fallbacks_total{") && line.contains("kind=\"tts\"")
              && line.contains("tenant=\"acme\""))
          .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum(), metrics);
    }
  }

  @Test
  void aCallerWhoOnlyEverSendsSilenceCostsNoTurnAndIsHungUpAtTheLongestCall() {
    node = ParleyNode.start(TestNode.config(TestPostgres.newDatabase(), Optional.of(model.baseUrl()),
        Map.of("parley.voice.max-call-seconds", 3)));
    int requests = model.requestCount();
    try (ChatClient client = ChatClient.connect(node.httpPort(), "acme")) {
      startVoice(client);
      CompletableFuture<Void> silence = CompletableFuture.runAsync(() -> speak(client, new short[RATE * 3]));
      JsonNode stopped = client.next(f -> f.get("type").asText().equals("voice") && f.get("state").asText().equals("stopped"));
      assertEquals("max_call_duration", stopped.get("reason").asText(), stopped.toString());
      silence.join();
      assertEquals("bad_request", client.expect("error").get("code").asText(), "audio after the call ended is refused");
      JsonNode ack = client.say("c-1", "still there?");
      assertEquals("message", client.expect("message").get("type").asText(), "the text chat goes on after the call");
      client.answerOf(ack.get("turnId").asText());
      assertEquals(requests + 1, model.requestCount(), "four seconds of silence asked the model nothing");
    }
  }

  @Test
  void audioBeforeVoiceStartAndBadFramesAreRefusedOnce() {
    try (ChatClient client = ChatClient.connect(node.httpPort(), "acme")) {
      client.startNew();
      client.sendAudio(new byte[640]);
      client.sendAudio(new byte[640]);
      assertEquals("bad_request", client.expect("error").get("code").asText());
      client.send(ChatClient.frame("voice").put("action", "start").put("sampleRate", 11_025));
      assertEquals("bad_request", client.expect("error").get("code").asText());
      client.send(ChatClient.frame("voice").put("action", "start").put("sampleRate", RATE));
      assertEquals("started", client.expect("voice").get("state").asText());
      client.sendAudio(new byte[641]);
      assertEquals("bad_request", client.expect("error").get("code").asText());
      client.sendAudio(new byte[96_002]);
      JsonNode tooLarge = client.expect("error");
      assertEquals("too_large", tooLarge.get("code").asText(), "a frame over 96,000 bytes: " + tooLarge);
      assertTrue(tooLarge.get("message").asText().contains("20 ms"), tooLarge.toString());
      // Ten seconds of audio at once: far ahead of real time, so most of it is dropped, said once.
      for (int i = 0; i < 10; i++) client.sendAudio(new byte[RATE * 2]);
      assertEquals("too_large", client.expect("error").get("code").asText());
      JsonNode ack = client.say("c-1", "still a text chat?");
      assertEquals("message", client.expect("message").get("type").asText(), "text goes on beside voice");
      // Answered before the next test: the shared model's replies are queued for that test's turns.
      client.answerOf(ack.get("turnId").asText());
    }
  }

  private String metrics() {
    return OpsClient.withToken(node.httpPort()).get("/metrics").body();
  }

  private static String finalTranscript(ChatClient client) {
    return client.next(f -> f.get("type").asText().equals("transcript") && f.get("final").asBoolean()).get("text").asText();
  }

  /** Waits until the bot has finished speaking its answer. */
  private static void awaitSpoken(ChatClient client) {
    client.next(f -> f.get("type").asText().equals("speaking") && f.get("state").asText().equals("stop"));
  }

  static String startVoice(ChatClient client) {
    client.send(ChatClient.frame("start").put("channel", "voice"));
    JsonNode session = client.expect("session");
    assertTrue(session.get("voice").asBoolean(), "the node has voice: " + session);
    client.send(ChatClient.frame("voice").put("action", "start").put("sampleRate", RATE));
    assertEquals(RATE, client.expect("voice").get("sampleRate").asInt());
    return session.get("sessionId").asText();
  }

  /** Streams speech as the microphone would, 20 ms frames in real time, then a second of silence. */
  static void speak(ChatClient client, short[] speech) {
    // A page sends its microphone's silence on: 1.5 s outlasts the longest end of a turn, 1.2 s after
    // words that may go on ("… t one thousand and one", "all I needed").
    short[] withSilence = Arrays.copyOf(speech, speech.length + RATE * 3 / 2);
    int frame = RATE / 50;
    long start = System.nanoTime();
    for (int offset = 0, n = 0; offset < withSilence.length; offset += frame, n++) {
      client.sendAudio(Pcm16.toLittleEndian(Arrays.copyOfRange(withSilence, offset, Math.min(offset + frame, withSilence.length))));
      long due = start + Duration.ofMillis(20L * (n + 1)).toNanos();
      long wait = due - System.nanoTime();
      if (wait > 0) LockSupport.parkNanos(wait);
    }
  }

  /** Asks about the ticket and listens to the answer for two seconds, the page reporting 1.8 s played; its turn. */
  private static String listenedToTheAnswer(ChatClient client) throws InterruptedException {
    speak(client, TestSpeech.say(QUESTION, RATE));
    String turnId = client.expect("speaking").get("turnId").asText();
    client.answerOf(turnId);
    Thread.sleep(2_000); // the customer listens, in real time
    client.send(ChatClient.frame("played").put("turnId", turnId).put("ms", 1_800));
    return turnId;
  }

  /** The answer of {@code turnId} as {@code GET /v1/sessions/{id}} shows it. */
  private JsonNode storedAnswer(String sessionId, String turnId) throws Exception {
    return Arrays.stream(JSON.treeToValue(getJson("/v1/sessions/" + sessionId + "?tenant=acme").get("messages"),
            JsonNode[].class))
        .filter(m -> m.get("turnId").asText().equals(turnId) && m.get("role").asText().equals("assistant"))
        .findFirst().orElseThrow();
  }

  private JsonNode getJson(String path) throws Exception {
    HttpResponse<String> response = HTTP.send(TestIdentity.authorized(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort() + path)), path).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode(), response.body());
    return JSON.readTree(response.body());
  }
}
