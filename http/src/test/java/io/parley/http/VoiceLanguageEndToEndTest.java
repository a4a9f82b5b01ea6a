package io.parley.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.core.llm.testing.FakeChatCompletionsServer;
import io.parley.core.llm.testing.Reply;
import io.parley.persistence.testing.TestPostgres;
import io.parley.voice.testing.FakeSpeechServer;
import io.parley.voice.testing.FakeTranscriptionServer;
import io.parley.voice.testing.TestSpeech;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A voice call in German with the premium services, played by fakes that speak their real wire
 * formats: OpenAI's transcription is told the language with each upload ({@code language=de}), and
 * ElevenLabs speaks the German greeting and answer with its multilingual model. The tenant's German
 * greeting is the one the call opens with. A call begun with no language follows the one the page
 * then names, from the caller's first words on.
 */
@RealTime
class VoiceLanguageEndToEndTest {
  private static final int RATE = 16_000;
  private static final String GREETING = "Guten Tag, hier ist der Kundendienst von Acme.";
  private static final String ANSWER = "Ihre Bestellung ist unterwegs und kommt morgen an.";
  private static FakeChatCompletionsServer model;
  private static FakeTranscriptionServer recogniser;
  private static FakeSpeechServer voice;
  private static ParleyNode node;

  @BeforeAll
  static void start() throws Exception {
    model = FakeChatCompletionsServer.start();
    recogniser = FakeTranscriptionServer.start();
    voice = FakeSpeechServer.start();
    node = ParleyNode.start(TestNode.config(TestPostgres.newDatabase(), Optional.of(model.baseUrl()), Map.of(
        "parley.answer-cache.enabled", false,
        "parley.voice.stt.base-url", recogniser.baseUrl().toString(), "parley.voice.stt.api-key", "sk-test",
        "parley.voice.tts.provider", "elevenlabs",
        "parley.voice.tts.base-url", voice.baseUrl().toString(), "parley.voice.tts.api-key", "xi-test")));
    HttpResponse<String> saved = TestIdentity.asAdmin(node.httpPort(), "PUT", "/v1/config?tenant=acme",
        "{\"config\": {\"texts\": {\"de\": {\"greeting\": \"" + GREETING + "\"}}}}");
    assertEquals(200, saved.statusCode(), saved.body());
  }

  @AfterAll
  static void stop() {
    if (node != null) node.close();
    for (AutoCloseable each : new AutoCloseable[] {voice, recogniser, model}) {
      try {
        if (each != null) each.close();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }

  @Test
  void aGermanCallTellsTheRecogniserTheLanguageAndIsSpokenByTheMultilingualModel() {
    int uploadedBefore = recogniser.uploads().size();
    int spokenBefore = voice.calls().size();
    model.enqueue(Reply.answer(ANSWER));
    recogniser.enqueue(FakeTranscriptionServer.Reply.transcript("Wo ist meine Bestellung?"));
    try (ChatClient caller = ChatClient.connect(node.httpPort(), "acme")) {
      caller.send(ChatClient.frame("start").put("channel", "voice").put("language", "de"));
      assertTrue(caller.expect("session").get("voice").asBoolean());
      caller.send(ChatClient.frame("voice").put("action", "start").put("sampleRate", RATE));
      assertEquals(RATE, caller.expect("voice").get("sampleRate").asInt());
      spokenToTheEnd(caller, "greeting");

      VoiceEndToEndTest.speak(caller, TestSpeech.say("Where is my order?", RATE));
      JsonNode asked = caller.next(f -> ChatClient.isMessage(f, "user"));
      assertEquals("Wo ist meine Bestellung?", asked.get("text").asText());
      JsonNode speaking = caller.next(f -> f.get("type").asText().equals("speaking") && f.get("state").asText().equals("start")
          && !f.get("turnId").asText().equals("greeting"));
      assertEquals(ANSWER, caller.answerOf(speaking.get("turnId").asText()).get("text").asText());
      spokenToTheEnd(caller, speaking.get("turnId").asText());
    }

    assertInGerman(uploadedBefore, spokenBefore, List.of(GREETING, ANSWER));
  }

  @Test
  void aCallFollowsTheLanguageThePageNamesWhileItGoesOn() {
    int uploadedBefore = recogniser.uploads().size();
    int spokenBefore = voice.calls().size();
    model.enqueue(Reply.answer(ANSWER));
    recogniser.enqueue(FakeTranscriptionServer.Reply.transcript("Wo ist meine Bestellung?"));
    try (ChatClient caller = ChatClient.connect(node.httpPort(), "acme")) {
      // No language yet: the tenant names none, and the start frame says none.
      caller.send(ChatClient.frame("start").put("channel", "voice"));
      assertFalse(caller.expect("session").has("language"));
      caller.send(ChatClient.frame("voice").put("action", "start").put("sampleRate", RATE));
      assertEquals(RATE, caller.expect("voice").get("sampleRate").asInt());
      ObjectNode context = ChatClient.frame("context");
      context.putObject("data").put("language", "de");
      caller.send(context);
      assertEquals("de", caller.expect("language").get("language").asText());

      VoiceEndToEndTest.speak(caller, TestSpeech.say("Where is my order?", RATE));
      JsonNode speaking = caller.next(f -> f.get("type").asText().equals("speaking") && f.get("state").asText().equals("start")
          && !f.get("turnId").asText().equals("greeting"));
      assertEquals(ANSWER, caller.answerOf(speaking.get("turnId").asText()).get("text").asText());
      spokenToTheEnd(caller, speaking.get("turnId").asText());
    }

    // The call greets in the language of its first join of the session: none, and so no greeting, unless
    // the page's language arrived before that join, and then the tenant's German one.
    List<FakeSpeechServer.SpeechCall> calls = voice.calls();
    boolean greeted = calls.size() > spokenBefore && calls.get(spokenBefore).body().path("text").asText().equals(GREETING);
    assertInGerman(uploadedBefore, spokenBefore, greeted ? List.of(GREETING, ANSWER) : List.of(ANSWER));
  }

  /** What the call uploaded and had spoken since {@code uploadedBefore} and {@code spokenBefore}: in German. */
  private static void assertInGerman(int uploadedBefore, int spokenBefore, List<String> texts) {
    List<FakeTranscriptionServer.Upload> uploads = recogniser.uploads();
    assertTrue(uploads.size() > uploadedBefore, "the caller's question was uploaded");
    uploads.subList(uploadedBefore, uploads.size())
        .forEach(upload -> assertEquals(Optional.of("de"), upload.language(), "the upload names the language"));
    List<FakeSpeechServer.SpeechCall> calls = voice.calls();
    List<JsonNode> spoken = calls.subList(spokenBefore, calls.size()).stream().map(FakeSpeechServer.SpeechCall::body).toList();
    assertEquals(texts, spoken.stream().map(body -> body.path("text").asText()).toList());
    spoken.forEach(body -> {
      assertEquals("eleven_multilingual_v2", body.path("model_id").asText(), body.toString());
      assertFalse(body.has("language_code"), "the multilingual model tells the language from the text: " + body);
    });
  }

  private static void spokenToTheEnd(ChatClient caller, String turnId) {
    JsonNode stopped = caller.next(f -> f.get("type").asText().equals("speaking") && f.get("turnId").asText().equals(turnId)
        && f.get("state").asText().equals("stop"));
    assertEquals("done", stopped.get("reason").asText(), stopped.toString());
  }
}
