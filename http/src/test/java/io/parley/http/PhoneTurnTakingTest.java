package io.parley.http;

import static io.parley.http.PhoneEndToEndTest.awaitSession;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.core.testing.Awaiting;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Turn-taking that hears words, with a SIP user agent nobody here wrote: baresip ({@link Baresip})
 * calls a node on loopback, its microphone a file of the test voice's speech. A caller who pauses
 * 900 ms mid-sentence ("my order number is … four five one"), longer than the 600 ms of silence that
 * ends a turn on silence alone, is one message, answered once; an "mm-hm" and an "okay" said over
 * the bot's long answer do not stop it, are counted as backchannels and are no message. A tenant's
 * longer wait after words that go on ({@code voice.turns}) reaches its next call: a two-second pause,
 * which the node's wait would cut, stays one turn.
 */
@RealTime
class PhoneTurnTakingTest {
  /** Some twenty seconds of speech, playing while the caller says their backchannels. */
  private static final String LONG_ANSWER = "Your ticket is open and an agent will call you back today. They usually"
      + " call within two hours of a ticket being opened, and they will have your order history at hand. If you miss"
      + " the call, they will leave a message and try again tomorrow morning. Is there anything else I can help you with?";
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
    JsonNode answered = pausingMidNumber(dir, 900);
    assertEquals(1, PhoneCaller.answers(answered).size(), answered.toString());
  }

  @Test
  void aTenantsLongerWaitReachesItsNextCall(@TempDir Path dir) throws Exception {
    // 2 s is longer than the node's 1.2 s after words that go on: only the tenant's 3.5 s keeps it one turn.
    setTurns("{\"unfinishedUtteranceMs\": 3500}");
    try {
      pausingMidNumber(dir, 2_000);
    } finally {
      setTurns(null);
    }
  }

  /**
   * A call whose caller says "My order number is", pauses {@code pauseMillis}, then "four five one.":
   * the session once answered, its one message holding the words on both sides of the pause.
   */
  private static JsonNode pausingMidNumber(Path dir, int pauseMillis) throws Exception {
    PhoneCaller.Microphone microphone = new PhoneCaller.Microphone().at(FIRST_WORDS_MILLIS, "My order number is");
    microphone.after(pauseMillis, "four five one.");
    try (Baresip phone = Baresip.start(dir, "caller", microphone.samples(), false)) {
      phone.command("dial", "sip:support@127.0.0.1:" + line.sipPort());
      phone.awaitEvent("CALL_ESTABLISHED");
      String sessionId = PhoneCaller.sessionOf(phone);

      JsonNode answered = awaitSession(line.node().httpPort(), sessionId, view -> !PhoneCaller.answers(view).isEmpty());
      // Its audio over, whatever the caller said has been heard and posted before the answer.
      List<String> said = PhoneCaller.userMessages(answered);
      assertEquals(1, said.size(), "one turn across the " + pauseMillis + " ms pause, answered once it was finished: " + said);
      assertTrue(said.get(0).startsWith("my order number is ") && said.get(0).length() > "my order number is ".length(),
          "the words after the pause are part of it: " + said);
      phone.command("hangup", "");
      return answered;
    }
  }

  @Test
  void anMmHmOverTheAnswerDoesNotStopIt(@TempDir Path dir) throws Exception {
    PhoneCaller.Microphone microphone = new PhoneCaller.Microphone().at(FIRST_WORDS_MILLIS, "What is the status of my ticket?");
    try (Baresip phone = Baresip.start(dir, "caller", microphone.samples(), false)) {
      phone.command("dial", "sip:support@127.0.0.1:" + line.sipPort());
      phone.awaitEvent("CALL_ESTABLISHED");
      String sessionId = PhoneCaller.sessionOf(phone);
      // The answer is stored as the model wrote it, as it starts to play; barge-ins on the greeting came before.
      awaitSession(line.node().httpPort(), sessionId, view -> !PhoneCaller.answers(view).isEmpty());
      String answering = OpsClient.withToken(line.node().httpPort()).get("/metrics").body();
      // Said once the answer plays, however long it took to come: both fall within its twenty seconds.
      phone.speak(new PhoneCaller.Microphone().at(1_500, "Mm-hm.").after(3_000, "Okay.").samples());

      Awaiting.await("the backchannels heard over the answer").atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(250)).until(() -> counted(answering, BACKCHANNELS) >= 1);
      JsonNode session = awaitSession(line.node().httpPort(), sessionId, view -> true);
      assertEquals(0, counted(answering, BARGE_INS), "nothing stopped the answer: " + session);
      JsonNode answer = PhoneCaller.answers(session).get(0);
      assertFalse(answer.path("interrupted").asBoolean(), "the answer is not cut: " + answer);
      assertEquals(LONG_ANSWER, answer.get("text").asText());
      List<String> said = PhoneCaller.userMessages(session);
      assertEquals(1, said.size(), "the question alone is a message, no backchannel: " + said);
      // Vosk on a loaded machine may mishear a word of the synthetic voice; two words of it make it the question.
      String question = said.get(0);
      assertTrue(question.contains("status") || question.contains("ticket"), "the question as heard: " + said);
      assertFalse(question.contains("okay"), "the backchannel is not part of it: " + said);
      phone.command("hangup", "");
    }
  }

  /** The default tenant's {@code voice.turns} (none: the node's), for its next call. */
  private static void setTurns(String turns) throws Exception {
    String config = turns == null ? "{}" : "{\"voice\": {\"turns\": " + turns + "}}";
    assertEquals(200, TestIdentity.asAdmin(line.node().httpPort(), "PUT", "/v1/config?tenant=" + TestIdentity.DEFAULT_TENANT,
        "{\"config\": " + config + "}").statusCode());
  }

  /** How much {@code sample} rose on the node's {@code /metrics} since {@code before}. */
  private static double counted(String before, String sample) {
    String now = OpsClient.withToken(line.node().httpPort()).get("/metrics").body();
    return OpsClient.sample(now, sample) - OpsClient.sample(before, sample);
  }
}
