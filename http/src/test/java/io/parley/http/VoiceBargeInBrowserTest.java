package io.parley.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.core.llm.testing.FakeChatCompletionsServer;
import io.parley.voice.testing.TestSpeech;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * Barge-in in a real browser. The fake microphone asks a question, listens to the start of the
 * long spoken answer, then speaks over it: the page stops playing the moment the node says
 * {@code barge_in} and reports how far it played, the node keeps the answer only as far as it was
 * heard, and what was said over it is the next message. One node and one browser for the class;
 * the microphone's sound plays once ({@code %noloop}), so the order of events is the sound's.
 */
@RunsAlone
class VoiceBargeInBrowserTest {
  /** About 27 seconds spoken; the first sentence alone (14) outlasts the listening, so the words land inside it. */
  private static final String ANSWER = "Your parcel left our warehouse in Leeds early on Monday morning, "
      + "was handed to the courier that same afternoon, went through their sorting centre near Birmingham "
      + "on Tuesday night, and is now on a delivery van in your town with about twenty other stops ahead of yours. "
      + "It should reach you before six this evening. "
      + "If nobody is home, the driver will leave it with a neighbour or at the post office on the high street. "
      + "You can follow the van on the tracking page, and you will get a text message when it is ten minutes away.";
  /** The microphone's silence before the question: voice starts within it (its engines already loaded). */
  private static final int LEAD_IN_SECONDS = 3;
  /** From the end of the question to the words over the answer: its first audio comes within two or three. */
  private static final int LISTENING_SECONDS = 7;
  private static final Duration WAIT = Duration.ofSeconds(40);
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Run before the page's own scripts; only watches (what it wraps behaves as before). Its socket's
   * listener, added before the page's, sees the page as the barge-in found it: the answer playing
   * and its audio still queued. The page's {@code played} report, sent while it handles that
   * frame, shows the page right after: every queued source stopped, no turn, no longer speaking.
   */
  private static final String WATCH_BARGE_IN = """
      (() => {
        const seen = window.parleyBargeIn = {};
        const stopped = new WeakSet();
        const stop = AudioScheduledSourceNode.prototype.stop;
        AudioScheduledSourceNode.prototype.stop = function (...args) {
          stopped.add(this);
          return stop.apply(this, args);
        };
        const state = () => document.getElementById('voice').dataset.state;
        let stopEvent = null;
        let queued = [];
        window.WebSocket = class extends WebSocket {
          constructor(...args) {
            super(...args);
            this.addEventListener('message', (event) => {
              if (typeof event.data !== 'string' || !event.data.includes('barge_in')) return;
              const frame = JSON.parse(event.data);
              if (frame.type !== 'speaking' || frame.reason !== 'barge_in') return;
              const voice = window.parleyChat.client.voice;
              const now = voice.context.currentTime;
              const turn = voice.turn;
              queued = (turn?.chunks ?? []).filter(({ start, duration }) => start + duration > now)
                .map(({ source }) => source);
              stopEvent = event;
              seen.stop = { turnId: frame.turnId, state: state(), playing: turn?.turnId ?? null,
                queuedChunks: queued.length, queuedMs: turn ? Math.round(Math.max(0, turn.next - now) * 1000) : 0 };
            });
          }

          send(data) {
            super.send(data);
            if (typeof data !== 'string' || !data.includes('"stopped":true')) return;
            const frame = JSON.parse(data);
            seen.report = { turnId: frame.turnId, ms: frame.ms,
              whileHandlingTheStop: stopEvent !== null && window.event === stopEvent };
            queueMicrotask(() => {
              seen.after = { state: state(), queueEmpty: window.parleyChat.client.voice.turn === null,
                stillScheduled: queued.filter((source) => !stopped.has(source)).length };
            });
          }
        };
      })();
      """;

  @RegisterExtension
  static final RunningNode NODE = RunningNode.withModel(() -> FakeChatCompletionsServer.start(request ->
      request.lastUserMessage().toLowerCase(Locale.ROOT).contains("parcel") ? ANSWER : "Glad I could help."));
  @RegisterExtension
  static final ChatPage PAGE = ChatPage.withMicrophone(VoiceBargeInBrowserTest::customer);

  /** Silence, the question, silence while the answer plays, then words over it. */
  private static short[] customer() {
    int rate = ChatPage.MICROPHONE_RATE;
    short[] question = TestSpeech.say("Where is my parcel?", rate);
    short[] overTheBot = TestSpeech.say("No thanks, that is all I needed.", rate);
    short[] sound = new short[(LEAD_IN_SECONDS + LISTENING_SECONDS) * rate + question.length + overTheBot.length];
    System.arraycopy(question, 0, sound, LEAD_IN_SECONDS * rate, question.length);
    System.arraycopy(overTheBot, 0, sound, sound.length - overTheBot.length, overTheBot.length);
    return sound;
  }

  @Test
  void speakingOverTheAnswerStopsItAtOnceKeepsWhatWasHeardAndIsTheNextMessage() throws Exception {
    // The speech engines load now, not while the microphone's sound already plays.
    try (ChatClient earlierCall = ChatClient.connect(NODE.httpPort(), TestIdentity.DEFAULT_TENANT)) {
      VoiceEndToEndTest.startVoice(earlierCall);
    }
    PAGE.browser().executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", WATCH_BARGE_IN));
    PAGE.openNewConversation(NODE.httpPort());
    long clicked = System.nanoTime();
    PAGE.startVoice();
    System.out.printf("voice on %d ms after the click (the sound's lead-in: %d s)%n",
        (System.nanoTime() - clicked) / 1_000_000, LEAD_IN_SECONDS);

    PAGE.await("the page told to stop for a barge-in, and its report", WAIT, b -> seen("after") != null);
    Map<String, Object> stop = seen("stop");
    Map<String, Object> report = seen("report");
    assertEquals("speaking", stop.get("state"), "the page was speaking when spoken over: " + stop);
    assertEquals(stop.get("turnId"), stop.get("playing"), "the answer spoken over is the one playing: " + stop);
    assertTrue(number(stop, "queuedChunks") > 0, "its audio was still queued: " + stop);
    assertEquals(stop.get("turnId"), report.get("turnId"));
    assertEquals(true, report.get("whileHandlingTheStop"), "played reported at once: " + report);
    assertTrue(number(report, "ms") > 0, "after playing some of it: " + report);
    assertEquals(Map.of("state", "on", "queueEmpty", true, "stillScheduled", 0L), seen("after"),
        "once the page handled the stop: listening, nothing queued, every queued chunk stopped");
    System.out.printf("barge-in after %d ms played, %d ms (%d chunks) queued and stopped%n",
        number(report, "ms"), number(stop, "queuedMs"), number(stop, "queuedChunks"));

    PAGE.await("the words said over the answer as a message", WAIT, b -> texts("#messages > li.msg--user .bubble__text")
        .stream().anyMatch(text -> text.toLowerCase(Locale.ROOT).contains("thanks")));
    String sessionId = (String) PAGE.browser().executeScript("return window.parleyChat.client.sessionId");
    HttpResponse<String> view = TestIdentity.asAdmin(NODE.httpPort(), "GET", "/v1/sessions/" + sessionId, null);
    assertEquals(200, view.statusCode(), view.body());
    JsonNode messages = JSON.readTree(view.body()).get("messages");
    int answer = IntStream.range(0, messages.size())
        .filter(i -> messages.get(i).get("role").asText().equals("assistant")
            && messages.get(i).get("turnId").asText().equals(stop.get("turnId")))
        .findFirst().orElseThrow(() -> new AssertionError("no answer of the turn spoken over: " + messages));
    assertTrue(answer > 0 && answer + 1 < messages.size(), "the question, the answer, the next message: " + messages);
    assertTrue(messages.get(answer - 1).get("text").asText().toLowerCase(Locale.ROOT).contains("parcel"),
        "the question before it: " + messages);
    JsonNode kept = messages.get(answer);
    String heard = kept.get("text").asText();
    assertTrue(kept.get("interrupted").asBoolean(), kept.toString());
    assertTrue(!heard.isEmpty() && heard.length() < ANSWER.length() && ANSWER.startsWith(heard),
        "the answer kept as far as it was heard: " + heard);
    assertTrue(texts("#messages > li.msg--assistant .bubble__text").contains(heard + " … (interrupted)"),
        "the page shows what was heard of it");
    JsonNode next = messages.get(answer + 1);
    assertEquals("user", next.get("role").asText(), "the next message is the customer's: " + messages);
    assertTrue(next.get("text").asText().toLowerCase(Locale.ROOT).contains("thanks"), next.toString());
    System.out.printf("kept \"%s\"; next message \"%s\"%n", heard, next.get("text").asText());
  }

  /** A part of what the watch script saw, null until it saw it. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> seen(String part) {
    return (Map<String, Object>) PAGE.browser()
        .executeScript("return window.parleyBargeIn[arguments[0]] ?? null", part);
  }

  private static long number(Map<String, Object> seen, String key) {
    return ((Number) seen.get(key)).longValue();
  }

  private static List<String> texts(String selector) {
    return PAGE.browser().findElements(By.cssSelector(selector)).stream().map(WebElement::getText).toList();
  }
}
