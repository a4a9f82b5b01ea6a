package io.parley.http;

import static io.parley.http.PhoneEndToEndTest.awaitSession;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.core.llm.ToolCall;
import io.parley.core.llm.testing.Reply;
import io.parley.core.testing.Awaiting;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A caller's keys on a real SIP user agent, sipp (Debian package {@code sip-tester}), against a
 * node on loopback: the caller types 5 and # (an entry of keys the model reads, redacted, and
 * answers by starting the PIN procedure), then the procedure's ask takes the four-key PIN 1234 by
 * its keypad rules, and the procedure completes. Once with RFC 4733 telephone-events from sipp's
 * own DTMF pcaps, once by SIP INFO (dtmf-relay and dtmf bodies; a text body refused with 415). The
 * conversation staff read over REST shows each entry as {@code ⌨ [KEYPAD_n]}, and the PIN the ask
 * took as {@code [KEYPAD]}, never the keys; the model reads the entry redacted; and the keys are
 * counted by how they came. Fails, never skips, without sipp. A handset whose offer has no
 * telephone-event types the same as tones in its audio, which the node's tone detector reads.
 */
@RealTime
class KeypadEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path SIPP_PCAPS = Path.of("/usr/share/sip-tester");
  private static final Pattern SESSION = Pattern.compile("X-Parley-Session: *(\\S+)");
  /** A time or an id, whose digits may hold any four in a row (a message at 20:56:45.123470065). */
  private static final Pattern TIME_OR_ID = Pattern.compile(
      "\\d{4}-\\d{2}-\\d{2}T[0-9:.]+Z|\\p{XDigit}{8}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{12}");
  private static final String PIN_PROCEDURE = """
      {"procedures": [{"name": "pin", "description": "The caller checks their account with their PIN",
        "steps": [
          {"ask": "pin", "prompt": "Please type your four-digit PIN on your phone's keypad, then press the hash key.", "schema": {"type": "string", "pattern": "^[0-9]{4}$"},
           "keypad": {"min": 4, "max": 4, "terminator": "#", "timeout": 10}},
          {"say": "Thank you, your PIN is checked."},
          {"end": true}]}]}
      """;
  private static TestPhoneNode.Line line;

  @BeforeAll
  static void start() throws Exception {
    line = TestPhoneNode.Line.start("How can I help?", Map.of());
    HttpResponse<String> saved = TestIdentity.asAdmin(line.node().httpPort(), "PUT", "/v1/config?tenant=demo",
        "{\"config\": " + PIN_PROCEDURE + "}");
    assertEquals(200, saved.statusCode(), saved.body());
  }

  @AfterAll
  static void stop() {
    line.close();
  }

  @Test
  void keysTypedAsTelephoneEventsAnswerTheProcedureAndAreRedacted(@TempDir Path work) throws Exception {
    Files.createDirectories(work.resolve("pcap"));
    for (String key : List.of("5", "pound", "1", "2", "3", "4")) {
      Path pcap = SIPP_PCAPS.resolve("dtmf_2833_" + key + ".pcap");
      assertTrue(Files.isReadable(pcap), "sipp's pcaps are missing (" + SIPP_PCAPS + "): install the Debian package sip-tester");
      Files.copy(pcap, work.resolve("pcap").resolve(pcap.getFileName()));
    }
    typesTheirPin(work, "parley_keys_rfc4733.xml", "rfc4733");
  }

  @Test
  void keysTypedBySipInfoAnswerTheProcedureAndAreRedacted(@TempDir Path work) throws Exception {
    typesTheirPin(work, "parley_keys_info.xml", "sip_info");
  }

  private static void typesTheirPin(Path work, String scenario, String method) throws Exception {
    String keysBefore = metric(method);
    int requestsBefore = line.model().requestCount();
    line.model().enqueue(Reply.toolCalls(new ToolCall("call-pin", "procedure_pin", "{}")));
    Path log = work.resolve("sipp-log.txt");
    Sipp.Run call = Sipp.call(work, scenario, "127.0.0.1", line.sipPort(), "support",
        List.of("-trace_logs", "-log_file", log.toString()));
    assertEquals(0, call.exitCode(), "sipp counts the call successful:\n" + call.output());

    Matcher session = SESSION.matcher(Sipp.read(log));
    assertTrue(session.find(), "the 200 OK carried X-Parley-Session:\n" + Sipp.read(log));
    assertPinTaken(session.group(1), method, requestsBefore, keysBefore);
  }

  @Test
  void keysTypedAsTonesByAHandsetWithoutTelephoneEventsAnswerTheProcedure() throws Exception {
    String keysBefore = metric("inband");
    int requestsBefore = line.model().requestCount();
    line.model().enqueue(Reply.toolCalls(new ToolCall("call-pin", "procedure_pin", "{}")));
    String sessionId;
    try (TestPhone phone = new TestPhone(LoopbackPorts.port())) {
      sessionId = phone.answeredCall(line.sipPort(), "support", phone.offerWithoutEvents());
      phone.speak(tones("5#"));
      awaitSession(line.node().httpPort(), sessionId, view -> view.get("messages").toString().contains("four-digit PIN"));
      // The prompt is stored as it is asked, before its speech is synthesised: the keys come once a
      // second of it was heard, its first words said and most of it still to say.
      long asked = System.nanoTime();
      Awaiting.await("a second of the prompt heard").atMost(Duration.ofSeconds(20)).until(() -> phone.heard().stream()
          .filter(heard -> heard.arrivedNanos() > asked && !heard.quiet()).count() >= 50);
      phone.speak(tones("1234"));
      JsonNode typed = awaitSession(line.node().httpPort(), sessionId,
          view -> view.get("messages").toString().contains("PIN is checked"));
      JsonNode prompt = typed.get("messages").findParents("source").stream()
          .filter(message -> message.get("source").asText().equals("procedure")).findFirst().orElseThrow();
      assertTrue(prompt.path("interrupted").asBoolean(), "the keys typed while the prompt was spoken cut it: " + prompt);
      phone.hangUp();
    }
    assertPinTaken(sessionId, "inband", requestsBefore, keysBefore);
  }

  /**
   * The call of {@code sessionId} typed 5 # 1 2 3 4 by {@code method}: the model read the first entry
   * redacted, the procedure's ask took the PIN, and staff read neither entry's keys.
   */
  private static void assertPinTaken(String sessionId, String method, int requestsBefore, String keysBefore)
      throws Exception {
    JsonNode closed = awaitSession(line.node().httpPort(), sessionId, view -> view.get("status").asText().equals("archived"));
    JsonNode conversation = JSON.readTree(TestIdentity.asAdmin(line.node().httpPort(), "GET",
        "/v1/conversations/" + sessionId + "?tenant=demo", null).body());
    List<String> customer = texts(conversation, "user");
    assertEquals(List.of("⌨ [KEYPAD_1]", "⌨ [KEYPAD_2]"), customer, "each entry, its keys redacted: " + conversation);
    assertFalse(values(conversation.get("messages")).contains("1234"), conversation.toString());
    assertTrue(texts(conversation, "assistant").stream().anyMatch(text -> text.startsWith("Please type")),
        "the ask's prompt, cut where keys came while it was spoken: " + conversation);
    assertTrue(texts(conversation, "assistant").contains("Thank you, your PIN is checked."),
        "the ask took 1234 as the PIN: " + conversation);
    JsonNode run = closed.get("procedures").get(0);
    assertEquals("completed", run.get("outcome").asText(), run.toString());
    assertTrue(run.get("steps").findValuesAsText("value").contains("[KEYPAD]") && !values(run).contains("1234"),
        "the PIN the ask took is shown to staff as a placeholder: " + run);

    String asked = line.model().requests().get(requestsBefore).body().toString();
    assertTrue(asked.contains("⌨ [KEYPAD_1]") && !asked.contains("⌨ 5"), "the model reads the entry redacted: " + asked);
    assertTrue(Double.parseDouble(metric(method)) - Double.parseDouble(keysBefore) >= 6,
        "5 # 1 2 3 4 counted as " + method);
  }

  /**
   * A handset's keys as tones (ITU-T Q.23: a row and a column frequency), 100 ms each with 100 ms
   * between, at the level phones send them (about -9 dBm0), then half a second of silence.
   */
  static short[] tones(String keys) {
    String[] rows = {"123", "456", "789", "*0#"};
    double[] rowHz = {697, 770, 852, 941};
    double[] columnHz = {1209, 1336, 1477};
    short[] audio = new short[(keys.length() * 1600) + 4000];
    for (int k = 0; k < keys.length(); k++) {
      for (int r = 0; r < rows.length; r++) {
        int c = rows[r].indexOf(keys.charAt(k));
        if (c < 0) continue;
        for (int i = 0; i < 800; i++) {
          double t = i / 8000.0;
          audio[k * 1600 + i] = (short) (5000 * Math.sin(2 * Math.PI * rowHz[r] * t) + 5000 * Math.sin(2 * Math.PI * columnHz[c] * t));
        }
      }
    }
    return audio;
  }

  /** Every value in {@code node} but its times and ids, one a line. */
  private static String values(JsonNode node) {
    if (node.isContainerNode()) {
      StringBuilder values = new StringBuilder();
      node.forEach(child -> values.append(values(child)).append('\n'));
      return values.toString();
    }
    return TIME_OR_ID.matcher(node.asText()).replaceAll("");
  }

  private static List<String> texts(JsonNode conversation, String role) {
    return conversation.get("messages").findParents("role").stream()
        .filter(message -> message.get("role").asText().equals(role)).map(message -> message.get("text").asText()).toList();
  }

  private static String metric(String method) {
    String metrics = OpsClient.withToken(line.node().httpPort()).get("/metrics").body();
    return String.valueOf(OpsClient.sample(metrics, "parley_dtmf_received_total{method=\"" + method + "\"}"));
  }
}
