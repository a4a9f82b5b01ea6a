package io.parley.http;

import static io.parley.http.PhoneEndToEndTest.awaitSession;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.core.testing.Awaiting;
import io.parley.voice.media.EnergyVoiceActivity;
import io.parley.voice.testing.TestSpeech;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Turn-taking that hears words, with a SIP user agent nobody here wrote: baresip ({@link Baresip})
 * calls a node on loopback, its microphone a file of the test voice's speech. A caller who pauses
 * 900 ms mid-sentence ("my order number is … four five one"), longer than the 600 ms of silence that
 * ends a turn on silence alone, is one message, answered once; an "mm-hm" and an "okay" said over
 * the bot's long answer do not stop it, are counted as backchannels and are no message.
 */
@RealTime
class PhoneTurnTakingTest {
  private static final Pattern SESSION = Pattern.compile("X-Parley-Session: *(\\S+)");
  /** Some twenty seconds of speech, playing while the caller says their backchannels. */
  private static final String LONG_ANSWER = "Your ticket is open and an agent will call you back today. They usually"
      + " call within two hours of a ticket being opened, and they will have your order history at hand. If you miss"
      + " the call, they will leave a message and try again tomorrow morning. Is there anything else I can help you with?";
  private static final int RATE = 8_000;
  /** The greeting plays first: the caller speaks after it. */
  private static final int FIRST_WORDS_MILLIS = 5_000;
  private static final String BACKCHANNELS = "parley_voice_backchannels_total{tenant=\"" + TestIdentity.DEFAULT_TENANT + "\"}";
  private static final String BARGE_INS = "parley_voice_barge_ins_total{tenant=\"" + TestIdentity.DEFAULT_TENANT + "\"}";
  private static TestPhoneNode.Line line;

  @BeforeAll
  static void start() throws Exception {
    line = TestPhoneNode.Line.start(LONG_ANSWER, Map.of("parley.answer-cache.enabled", false));
  }

  @AfterAll
  static void stop() {
    if (line != null) line.close();
  }

  @Test
  void aCallerPausingMidNumberIsAnsweredOnceTheyHaveFinished(@TempDir Path dir) throws Exception {
    Microphone microphone = new Microphone().at(FIRST_WORDS_MILLIS, "My order number is");
    microphone.after(900, "four five one.");
    try (Baresip phone = Baresip.start(dir, "caller", microphone.samples(), false)) {
      phone.command("dial", "sip:support@127.0.0.1:" + line.sipPort());
      phone.awaitEvent("CALL_ESTABLISHED");
      String sessionId = sessionOf(phone);

      JsonNode answered = awaitSession(line.node().httpPort(), sessionId, view -> !answers(view).isEmpty());
      // Its audio over, whatever the caller said has been heard and posted before the answer.
      List<String> said = userMessages(answered);
      assertEquals(1, said.size(), "one turn across the pause, answered once it was finished: " + said);
      assertTrue(said.get(0).startsWith("my order number is ") && said.get(0).length() > "my order number is ".length(),
          "the words after the pause are part of it: " + said);
      assertEquals(1, answers(answered).size(), answered.toString());
      phone.command("hangup", "");
    }
  }

  @Test
  void anMmHmOverTheAnswerDoesNotStopIt(@TempDir Path dir) throws Exception {
    Microphone microphone = new Microphone().at(FIRST_WORDS_MILLIS, "What is the status of my ticket?");
    // The answer starts a second or few after the question: these fall within its twenty seconds.
    microphone.after(6_000, "Mm-hm.");
    microphone.after(3_000, "Okay.");
    try (Baresip phone = Baresip.start(dir, "caller", microphone.samples(), false)) {
      phone.command("dial", "sip:support@127.0.0.1:" + line.sipPort());
      phone.awaitEvent("CALL_ESTABLISHED");
      String sessionId = sessionOf(phone);
      // The answer is stored as the model wrote it, as it starts to play; barge-ins on the greeting came before.
      awaitSession(line.node().httpPort(), sessionId, view -> !answers(view).isEmpty());
      String answering = OpsClient.withToken(line.node().httpPort()).get("/metrics").body();

      Awaiting.await("the backchannels heard over the answer").atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(250)).until(() -> counted(answering, BACKCHANNELS) >= 1);
      JsonNode session = awaitSession(line.node().httpPort(), sessionId, view -> true);
      assertEquals(0, counted(answering, BARGE_INS), "nothing stopped the answer: " + session);
      JsonNode answer = answers(session).get(0);
      assertFalse(answer.path("interrupted").asBoolean(), "the answer is not cut: " + answer);
      assertEquals(LONG_ANSWER, answer.get("text").asText());
      List<String> said = userMessages(session);
      assertEquals(1, said.size(), "the question alone is a message, no backchannel: " + said);
      assertTrue(said.get(0).contains("ticket"), said.toString());
      phone.command("hangup", "");
    }
  }

  /** How much {@code sample} rose on the node's {@code /metrics} since {@code before}. */
  private static double counted(String before, String sample) {
    String now = OpsClient.withToken(line.node().httpPort()).get("/metrics").body();
    return OpsClient.sample(now, sample) - OpsClient.sample(before, sample);
  }

  private static List<String> userMessages(JsonNode view) {
    List<String> texts = new ArrayList<>();
    for (JsonNode message : view.get("messages")) {
      if (message.get("role").asText().equals("user")) texts.add(message.get("text").asText().toLowerCase(Locale.ROOT));
    }
    return texts;
  }

  /** The assistant's messages that are not the greeting. */
  private static List<JsonNode> answers(JsonNode view) {
    List<JsonNode> answers = new ArrayList<>();
    for (JsonNode message : view.get("messages")) {
      if (message.get("role").asText().equals("assistant") && !message.path("source").asText().equals("greeting")) {
        answers.add(message);
      }
    }
    return answers;
  }

  private static String sessionOf(Baresip phone) {
    Matcher session = SESSION.matcher(phone.log());
    assertTrue(session.find(), "the node's answer carried X-Parley-Session:\n" + phone.log());
    return session.group(1);
  }

  /** What baresip's microphone plays: the test voice's phrases at given times, silence around them, two minutes long. */
  private static final class Microphone {
    private final short[] samples = new short[RATE * 120];
    private int end;

    /** {@code text} said from {@code millis} into the call, from its first voiced frame to its last. */
    Microphone at(int millis, String text) {
      short[] words = EnergyVoiceActivity.defaults(RATE).voicedPart(TestSpeech.say(text, RATE), 0.35);
      int from = RATE / 1000 * millis;
      System.arraycopy(words, 0, samples, from, words.length);
      end = from + words.length;
      return this;
    }

    /** {@code text} said {@code millis} after the end of the last phrase's audio. */
    Microphone after(int millis, String text) {
      return at(end / (RATE / 1000) + millis, text);
    }

    short[] samples() {
      return samples;
    }
  }
}
