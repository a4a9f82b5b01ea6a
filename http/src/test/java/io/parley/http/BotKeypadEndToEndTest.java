package io.parley.http;

import static io.parley.core.testing.Awaiting.await;
import static io.parley.http.PhoneEndToEndTest.awaitSession;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.core.llm.ToolCall;
import io.parley.core.llm.testing.Reply;
import io.parley.voice.media.G711;
import io.parley.voice.media.TelephoneEvents;
import io.parley.voice.media.ToneDetector;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bot presses keys on a phone call (an IVR's "press 1 for sales"): a phone on loopback types
 * an entry, the model answers it by calling {@code press_keys}, and the phone reads the keys from
 * the node's RTP as telephone-events of the type its offer named. A phone whose offer named none gets
 * them by SIP INFO in the call's dialog, one {@code application/dtmf-relay} request per key, in order:
 * a real SIP user agent, sipp (Debian package {@code sip-tester}), takes them; a phone that refuses
 * the INFO hears them as tones in the audio, which a keypad's tone detector reads. Staff read how
 * many keys were pressed, and which only for a menu's choice. Fails, never skips, without sipp.
 */
@RealTime
class BotKeypadEndToEndTest {
  private static final int TELEPHONE_EVENT = 101;
  private static final Pattern SESSION = Pattern.compile("X-Parley-Session: *(\\S+)");
  private static final Pattern INFO_CSEQ = Pattern.compile("CSeq: *(\\d+) INFO");
  private static final Pattern TO = Pattern.compile("(?m)^To: *(.*)$");
  private static TestPhoneNode.Line line;

  @BeforeAll
  static void start() throws Exception {
    line = TestPhoneNode.Line.start("Thank you.", Map.of());
  }

  @AfterAll
  static void stop() {
    line.close();
  }

  @Test
  void thePhoneReadsTheBotsKeysAsItsTelephoneEvents() throws Exception {
    line.model().enqueue(Reply.toolCalls(new ToolCall("call-keys", "press_keys", "{\"keys\": \"1#\", \"menuChoice\": true}")));
    try (TestPhone phone = new TestPhone(LoopbackPorts.port())) {
      String sessionId = phone.answeredCall(line.sipPort(), "support", phone.offer());
      phone.press('5');
      phone.press('#');
      await("the bot's keys as telephone-events").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
          .until(() -> eventsHeard(phone), "1#"::equals);
      JsonNode view = awaitSession(line.node().httpPort(), sessionId, session -> session.toString().contains("Pressed 2 keys"));
      assertTrue(view.toString().contains("1#"), "a menu's choice is shown as pressed: " + view);
      phone.hangUp();
    }
  }

  @Test
  void aPhoneWithoutTelephoneEventsHearsTheBotsKeysAsTones() throws Exception {
    line.model().enqueue(Reply.toolCalls(new ToolCall("call-keys", "press_keys", "{\"keys\": \"4711#\"}")));
    try (TestPhone phone = new TestPhone(LoopbackPorts.port())) {
      String sessionId = phone.answeredCall(line.sipPort(), "support", phone.offerWithoutEvents());
      phone.speak(KeypadEndToEndTest.tones("5#"));
      await("the bot's keys as tones").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
          .until(() -> tonesHeard(phone), heard -> heard.endsWith("4711#"));
      assertTrue(phone.infosRefused() >= 1, "the keys went as tones once the phone refused their INFO");
      assertKeysShownAsPlaceholder(sessionId);
      phone.hangUp();
    }
  }

  @Test
  void aSipPhoneWithoutTelephoneEventsGetsTheBotsKeysBySipInfo(@TempDir Path work) throws Exception {
    line.model().enqueue(Reply.toolCalls(new ToolCall("call-keys", "press_keys", "{\"keys\": \"4711#\"}")));
    Path log = work.resolve("sipp-log.txt");
    Path messages = work.resolve("sipp-messages.txt");
    Sipp.Run call = Sipp.call(work, "parley_bot_keys_info.xml", "127.0.0.1", line.sipPort(), "support",
        List.of("-trace_logs", "-log_file", log.toString(), "-trace_msg", "-message_file", messages.toString()));
    assertEquals(0, call.exitCode(), "sipp took 4 7 1 1 # by SIP INFO, in order:\n" + call.output());

    List<String> infos = Arrays.stream(Sipp.read(messages).split("-{20,}"))
        .filter(message -> message.contains("message received") && message.contains("INFO sip:")).toList();
    assertEquals(5, infos.size(), "one INFO per key: " + infos);
    List<Integer> cseqs = infos.stream().map(info -> matched(INFO_CSEQ, info)).map(Integer::parseInt).toList();
    for (int i = 1; i < cseqs.size(); i++) assertEquals(cseqs.get(i - 1) + 1, cseqs.get(i), "the dialog's CSeq: " + cseqs);
    assertTrue(infos.stream().allMatch(info -> matched(TO, info).contains("SIPpTag00")), "in sipp's dialog: " + infos);
    assertKeysShownAsPlaceholder(matched(SESSION, Sipp.read(log)));
  }

  private static void assertKeysShownAsPlaceholder(String sessionId) throws Exception {
    JsonNode view = awaitSession(line.node().httpPort(), sessionId, session -> session.toString().contains("Pressed 5 keys"));
    assertTrue(view.toString().contains("[KEYPAD]") && !view.toString().contains("4711#"),
        "people read the keys as a placeholder: " + view);
  }

  private static String matched(Pattern pattern, String text) {
    Matcher found = pattern.matcher(text);
    assertTrue(found.find(), pattern + " in " + text);
    return found.group(1);
  }

  /** The keys the node's telephone-events to the phone carried so far. */
  private static String eventsHeard(TestPhone phone) {
    TelephoneEvents events = new TelephoneEvents();
    StringBuilder keys = new StringBuilder();
    phone.heard().stream().map(TestPhone.Heard::packet).filter(packet -> packet.payloadType() == TELEPHONE_EVENT)
        .forEach(packet -> events.packet(packet.timestamp(), packet.payload()).forEach(keys::append));
    return keys.toString();
  }

  /** The keys a tone detector hears in the node's audio to the phone so far. */
  private static String tonesHeard(TestPhone phone) {
    ToneDetector tones = new ToneDetector();
    StringBuilder keys = new StringBuilder();
    phone.heard().stream().map(TestPhone.Heard::packet).filter(packet -> packet.payloadType() == 0)
        .forEach(packet -> tones.frame(G711.ulawDecode(packet.payload())).ifPresent(keys::append));
    return keys.toString();
  }
}
