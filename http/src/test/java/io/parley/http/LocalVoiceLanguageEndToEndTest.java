package io.parley.http;

import static io.parley.core.testing.Awaiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.core.llm.testing.FakeChatCompletionsServer;
import io.parley.core.llm.testing.Reply;
import io.parley.persistence.testing.TestPostgres;
import io.parley.voice.media.Pcm16;
import io.parley.voice.testing.TestSpeech;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * German voice calls with the node's own engines: espeak-ng speaks German (flite speaks English
 * only). A node without a German Vosk model says so in German and ends the call's voice, and the
 * conversation goes on in the chat; a node whose {@code PARLEY_STT_MODELS} names a model for German
 * hears the caller with it (here the bundled English model stands in for a German one, which this
 * machine does not have) and speaks the answer by espeak-ng.
 */
@RealTime
class LocalVoiceLanguageEndToEndTest {
  private static final int RATE = 16_000;
  private static final String NOTICE = "Es tut mir leid, auf Deutsch kann ich noch nicht mit Ihnen sprechen. "
      + "Bitte schreiben Sie mir stattdessen im Chat, dort antworte ich Ihnen.";
  private static final String ANSWER = "Ihre Bestellung ist unterwegs und kommt morgen an.";
  private static final Path MODELS = Path.of(System.getProperty("java.io.tmpdir"), "parley-models");
  private static FakeChatCompletionsServer model;
  /** Hears English only. */
  private static ParleyNode english;
  /** Hears German with the model PARLEY_STT_MODELS names for it. */
  private static ParleyNode german;

  @BeforeAll
  static void start() throws Exception {
    model = FakeChatCompletionsServer.start();
    english = ParleyNode.start(TestNode.config(TestPostgres.newDatabase(), Optional.of(model.baseUrl()), Map.of(
        "parley.answer-cache.enabled", false, "parley.voice.warm-up", true,
        "parley.management.ops-token", OpsClient.TOKEN)));
    german = ParleyNode.start(TestNode.config(TestPostgres.newDatabase(), Optional.of(model.baseUrl()), Map.of(
        "parley.answer-cache.enabled", false, "parley.management.ops-token", OpsClient.TOKEN,
        "parley.voice.local.stt-models", "de=" + unpackedEnglishModel())));
  }

  @AfterAll
  static void stop() {
    if (german != null) german.close();
    if (english != null) english.close();
    if (model != null) model.close();
  }

  @Test
  void aCallInALanguageTheNodeCannotHearSaysSoInThatLanguageAndTheChatGoesOn() {
    double before = espeakCharacters(english);
    try (ChatClient caller = ChatClient.connect(english.httpPort(), "acme")) {
      startVoice(caller);
      caller.next(f -> f.get("type").asText().equals("speaking") && f.get("turnId").asText().equals("language")
          && f.get("state").asText().equals("start"));
      JsonNode said = caller.next(f -> f.get("type").asText().equals("speaking") && f.get("turnId").asText().equals("language")
          && f.get("state").asText().equals("stop"));
      assertEquals("done", said.get("reason").asText(), said.toString());
      assertAudible(caller.takeAudio());
      // Spoken sentence by sentence: the notice's two sentences, without the space between them.
      assertEquals(NOTICE.length() - 1, espeakCharacters(english) - before, 0.1, "espeak-ng spoke the German notice");
      JsonNode stopped = caller.next(f -> f.get("type").asText().equals("voice") && f.get("state").asText().equals("stopped"));
      assertEquals("language_unsupported", stopped.get("reason").asText(), stopped.toString());

      model.enqueue(Reply.answer("Gern, ich sehe nach."));
      assertEquals("ack", caller.say("typed-1", "Wo ist meine Bestellung?").get("type").asText());
      assertEquals("Gern, ich sehe nach.", caller.next(f -> f.get("type").asText().equals("message")
          && f.get("role").asText().equals("assistant")).get("text").asText(), "the conversation goes on in the chat");
    }
  }

  @Test
  void aGermanCallIsHeardWithTheGermanModelAndAnsweredByEspeak() {
    double before = espeakCharacters(german);
    model.enqueue(Reply.answer(ANSWER));
    try (ChatClient caller = ChatClient.connect(german.httpPort(), "acme")) {
      startVoice(caller);
      VoiceEndToEndTest.speak(caller, TestSpeech.say("Where is my order?", RATE));
      JsonNode asked = caller.next(f -> ChatClient.isMessage(f, "user"));
      assertTrue(asked.get("text").asText().contains("order"), "heard by the model for German: " + asked);
      JsonNode speaking = caller.next(f -> f.get("type").asText().equals("speaking") && f.get("state").asText().equals("start"));
      String turnId = speaking.get("turnId").asText();
      assertFalse(turnId.equals("language"), "the node hears German: no notice");
      assertEquals(ANSWER, caller.answerOf(turnId).get("text").asText());
      JsonNode done = caller.next(f -> f.get("type").asText().equals("speaking") && f.get("turnId").asText().equals(turnId)
          && f.get("state").asText().equals("stop"));
      assertEquals("done", done.get("reason").asText(), done.toString());
      assertAudible(caller.takeAudio());
      assertEquals(ANSWER.length(), espeakCharacters(german) - before, 0.1, "espeak-ng spoke the German answer");
    }
  }

  private static void startVoice(ChatClient caller) {
    caller.send(ChatClient.frame("start").put("channel", "voice").put("language", "de"));
    assertTrue(caller.expect("session").get("voice").asBoolean());
    caller.send(ChatClient.frame("voice").put("action", "start").put("sampleRate", RATE));
    assertEquals(RATE, caller.expect("voice").get("sampleRate").asInt());
  }

  /** Over a second of audio whose loudness is speech, not silence. */
  private static void assertAudible(List<byte[]> frames) {
    long samples = 0;
    double squares = 0;
    for (byte[] frame : frames) {
      for (short sample : Pcm16.fromLittleEndian(frame, 0, frame.length)) {
        squares += (double) sample * sample;
        samples++;
      }
    }
    assertTrue(samples > RATE, "over a second of audio, got " + samples + " samples");
    double rms = Math.sqrt(squares / samples);
    assertTrue(rms > 300, "speech, not silence: RMS " + rms);
  }

  /** Characters the node's calls sent to espeak-ng, from its /metrics. */
  private static double espeakCharacters(ParleyNode node) {
    String metrics = OpsClient.withToken(node.httpPort()).get("/metrics").body();
    return metrics.lines().filter(line -> line.startsWith("parley_voice_characters_spoken_total{")
            && line.contains("engine=\"espeak-ng\"") && line.contains("tenant=\"acme\""))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
  }

  /** The bundled English model, as the warmed-up node unpacked it. */
  private static Path unpackedEnglishModel() throws InterruptedException {
    // NoSuchFileException: the node has not made the directory yet
    return await("the bundled Vosk model unpacked into " + MODELS).atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(200)).ignoreExceptionsInstanceOf(java.nio.file.NoSuchFileException.class)
        .until(() -> {
          try (Stream<Path> dirs = Files.list(MODELS)) {
            return dirs.filter(dir -> dir.getFileName().toString().startsWith("vosk-model-en-us-")
                && Files.exists(dir.resolve(".complete"))).findFirst();
          }
        }, Optional::isPresent).get();
  }
}
