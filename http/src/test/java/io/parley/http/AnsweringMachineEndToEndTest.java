package io.parley.http;

import static io.parley.http.PhoneEndToEndTest.awaitSession;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.core.testing.Awaiting;
import io.parley.voice.media.AudioChunk;
import io.parley.voice.media.G711;
import io.parley.voice.media.Pcm16;
import io.parley.voice.media.Resampler;
import io.parley.voice.media.Wav;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Calls the node places to sipp playing the callee, for a tenant whose bot configuration leaves a
 * message on answering machines: sipp streams a machine's greeting (said by flite) and its 1 kHz
 * beep, and the node leaves the call's message after the beep, hangs up, and the call is a
 * {@code voicemail} (in the call, the webhook and the metrics); a person's "Hello?" and pause gets
 * the bot's greeting and the call is {@code answered}. The message left is the call's own, else its
 * campaign's in the call's language, else the tenant's ({@code voice.voicemailMessage}).
 */
@RealTime
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AnsweringMachineEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String MESSAGE = "Hello, this is Acme Lamps about your order. Please call us back. Thank you.";
  private static final String TENANT_MESSAGE = "Hello, this is Acme Lamps. We will call you again soon.";
  private static final String CAMPAIGN_MESSAGE = "Hello, this is Acme Lamps about your lamp service contract.";
  private static final int RATE = 8000;
  @RegisterExtension
  static final PlacingLine calls = new PlacingLine("machine-secret", "Sure, how can I help?", Map.of());
  private Sipp.Phone sipp;

  @AfterEach
  void stopSipp() {
    if (sipp != null) sipp.process().destroy();
  }

  @BeforeAll
  static void publish() throws Exception {
    HttpResponse<String> published = admin("PUT", "/v1/config", "{\"config\": {\"greeting\": \"Hi, this is Ava from Acme"
        + " Lamps.\", \"voice\": {\"answeringMachine\": \"leave_message\", \"voicemailMessage\": \"" + TENANT_MESSAGE
        + "\"}}}");
    assertEquals(200, published.statusCode(), published.body());
  }

  @Test
  @Order(1) // First: it reads the node's counts of verdicts and outcomes as this call's alone.
  void aMachineIsLeftTheMessageAfterItsBeepAndTheCallIsAVoicemail(@TempDir Path work) throws Exception {
    short[] greeting = say("Hi, you have reached Mark. I can't take your call right now, please leave a message after"
        + " the beep.");
    long beepEnd = millis(greeting) + 300 + 500;
    write(work, Pcm16.concat(List.of(greeting, silence(300), tone(1000, 500), silence(15_000))));
    String id = placeTo(work, "parley_uas_machine.xml");

    JsonNode voicemail = awaitCall(id, call -> call.path("outcome").asText().equals("voicemail"));
    Sipp.Run run = sipp.finished();
    assertEquals(0, run.exitCode(), "the machine was hung up on:\n" + run.output() + sipp.messages());
    JsonNode closed = awaitSession(calls.line().node().httpPort(), voicemail.get("sessionId").asText(),
        view -> view.get("status").asText().equals("archived"));
    assertEquals("answering machine", closed.get("closeReason").asText(), closed.toString());
    assertEquals("answering_machine", closed.get("callEnd").asText(), closed.toString());
    List<JsonNode> bot = messages(closed, "assistant");
    assertEquals(1, bot.size(), "only the message, no greeting and no answer: " + closed);
    assertEquals(MESSAGE, bot.get(0).get("text").asText());
    long spokenAfter = Duration.between(Instant.parse(closed.get("startedAt").asText()),
        Instant.parse(bot.get(0).get("at").asText())).toMillis();
    assertTrue(spokenAfter >= beepEnd - 300, "the message began " + spokenAfter + " ms after the answer, after the beep"
        + " that ended at " + beepEnd + " ms");
    assertTrue(messages(closed, "user").isEmpty(), "the machine's greeting is no turn: " + closed);

    JsonNode told = told(id);
    assertEquals("voicemail", told.get("outcome").asText());
    assertEquals(voicemail.get("sessionId").asText(), told.get("sessionId").asText());
    String metrics = OpsClient.withToken(calls.line().node().httpPort()).get("/metrics").body();
    assertTrue(metrics.contains("parley_phone_answering_machine_verdicts_total{result=\"machine\",tenant=\""
        + TestIdentity.DEFAULT_TENANT + "\"} 1.0"), "the verdict is counted");
    assertTrue(metrics.contains("parley_phone_outbound_calls_total{outcome=\"voicemail\",tenant=\""
        + TestIdentity.DEFAULT_TENANT + "\"} 1.0"), "the outcome is counted");
  }

  @Test
  void aCampaignsCallLeavesTheCampaignsMessageInTheCallsLanguage(@TempDir Path work) throws Exception {
    write(work, machineGreeting());
    int port = LoopbackPorts.port();
    sipp = PlacedCalls.answering(work, "parley_uas_machine.xml", port, calls.line().sipPort());
    HttpResponse<String> created = admin("POST", "/v1/campaigns", "{\"name\": \"Renewals\", \"callerId\": \"+4930111222\","
        + " \"window\": {\"opens\": \"00:00\", \"closes\": \"23:59\", \"days\": [\"MON\", \"TUE\", \"WED\", \"THU\","
        + " \"FRI\", \"SAT\", \"SUN\"]}, \"voicemail\": {\"de\": \"Guten Tag, hier ist Acme Lamps.\", \"en\": \""
        + CAMPAIGN_MESSAGE + "\"}, \"leads\": [{\"number\": \"sip:mark@127.0.0.1:" + port + "\", \"timeZone\": \"UTC\"}]}");
    assertEquals(201, created.statusCode(), created.body());
    assertEquals(CAMPAIGN_MESSAGE, JSON.readTree(created.body()).get("voicemail").get("en").asText(), created.body());
    String campaign = JSON.readTree(created.body()).get("id").asText();

    JsonNode lead = Awaiting.await("the lead's call a voicemail").atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(300)).until(() -> JSON.readTree(admin("GET", "/v1/campaigns/" + campaign + "/leads",
            null).body()).get("leads").get(0), row -> row.path("lastOutcome").asText().equals("voicemail"));
    assertEquals(0, sipp.finished().exitCode(), "the machine was hung up on");
    JsonNode call = awaitCall(lead.get("callId").asText(), placed -> placed.hasNonNull("sessionId"));
    assertEquals(List.of(CAMPAIGN_MESSAGE), leftOn(call.get("sessionId").asText()),
        "the campaign's message in the call's language (the tenant's, English), not the tenant's own");
  }

  @Test
  void aCallWithoutAMessageOfItsOwnLeavesTheTenants(@TempDir Path work) throws Exception {
    write(work, machineGreeting());
    String id = placeTo(work, "parley_uas_machine.xml", "{\"to\":\"+4915112345678\"}");

    JsonNode voicemail = awaitCall(id, call -> call.path("outcome").asText().equals("voicemail"));
    assertEquals(0, sipp.finished().exitCode(), "the machine was hung up on");
    assertEquals(List.of(TENANT_MESSAGE), leftOn(voicemail.get("sessionId").asText()));
  }

  /** What the bot said in the archived session: the message it left. */
  private static List<String> leftOn(String sessionId) throws Exception {
    JsonNode closed = awaitSession(calls.line().node().httpPort(), sessionId, view -> view.get("status").asText().equals("archived"));
    return messages(closed, "assistant").stream().map(message -> message.get("text").asText()).toList();
  }

  /** A machine's short greeting, its beep, and the silence it records in. */
  private static short[] machineGreeting() throws Exception {
    return Pcm16.concat(List.of(say("You have reached Mark, please leave a message after the beep."), silence(300),
        tone(1000, 500), silence(12_000)));
  }

  @Test
  void aPersonWhoSaysHelloGetsTheBot(@TempDir Path work) throws Exception {
    write(work, Pcm16.concat(List.of(say("Hello?"), silence(12_000))));
    String id = placeTo(work, "parley_uas_person.xml");

    JsonNode answered = awaitCall(id, call -> call.path("outcome").asText().equals("answered"));
    assertEquals(0, sipp.finished().exitCode(), "the person listened and hung up");
    JsonNode closed = awaitSession(calls.line().node().httpPort(), answered.get("sessionId").asText(),
        view -> view.get("status").asText().equals("archived"));
    assertEquals("caller hung up", closed.get("closeReason").asText());
    List<JsonNode> bot = messages(closed, "assistant");
    assertFalse(bot.isEmpty(), "the bot greeted: " + closed);
    assertEquals("Hi, this is Ava from Acme Lamps.", bot.get(0).get("text").asText());
    assertEquals("answered", told(id).get("outcome").asText());
  }

  private String placeTo(Path work, String scenario) throws Exception {
    return placeTo(work, scenario, "{\"to\":\"+4915112345678\",\"voicemail\":\"" + MESSAGE + "\"}");
  }

  private String placeTo(Path work, String scenario, String call) throws Exception {
    int port = LoopbackPorts.port();
    sipp = PlacedCalls.answering(work, scenario, port, calls.line().sipPort());
    HttpResponse<String> trunk = admin("PUT", "/v1/calls/trunk", "{\"host\":\"127.0.0.1\",\"port\":" + port
        + ",\"callerId\":\"+4930111222\"}");
    assertEquals(200, trunk.statusCode(), trunk.body());
    HttpResponse<String> placed = admin("POST", "/v1/calls", call);
    assertEquals(201, placed.statusCode(), placed.body());
    return JSON.readTree(placed.body()).get("id").asText();
  }

  private static JsonNode told(String id) {
    return Awaiting.await("the webhook told of the outcome").atMost(Duration.ofSeconds(20)).until(() ->
        calls.webhook().deliveries().stream().map(WebhookReceiver.Delivery::body)
            .filter(body -> body.path("callId").asText().equals(id)).findFirst().orElse(null), body -> body != null);
  }

  private static List<JsonNode> messages(JsonNode session, String role) {
    List<JsonNode> found = new ArrayList<>();
    for (JsonNode message : session.get("messages")) if (message.path("role").asText().equals(role)) found.add(message);
    return found;
  }

  /** {@code text} said by flite, at 8 kHz. */
  private static short[] say(String text) throws Exception {
    Path wav = Files.createTempFile("parley-callee", ".wav");
    try {
      Process flite = new ProcessBuilder("flite", "-t", text, "-o", wav.toString()).redirectErrorStream(true).start();
      flite.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
      assertTrue(flite.waitFor(60, TimeUnit.SECONDS) && flite.exitValue() == 0, "flite failed");
      AudioChunk audio = Wav.read(Files.readAllBytes(wav));
      return Resampler.resample(audio.samples(), audio.sampleRate(), RATE);
    } finally {
      Files.deleteIfExists(wav);
    }
  }

  /** The callee's audio as sipp's rtp_stream plays it: raw A-law. */
  private static void write(Path work, short[] audio) throws Exception {
    Files.write(work.resolve("callee.al"), G711.alawEncode(audio));
  }

  private static short[] silence(int millis) {
    return new short[millis * RATE / 1000];
  }

  private static short[] tone(int hz, int millis) {
    short[] tone = new short[millis * RATE / 1000];
    for (int i = 0; i < tone.length; i++) tone[i] = (short) (8000 * Math.sin(2 * Math.PI * hz * i / RATE));
    return tone;
  }

  private static long millis(short[] samples) {
    return samples.length * 1000L / RATE;
  }

  private static JsonNode awaitCall(String id, Predicate<JsonNode> condition) {
    return PlacedCalls.awaitCall(calls.line().node().httpPort(), id, condition);
  }

  private static HttpResponse<String> admin(String method, String path, String body) throws Exception {
    return TestIdentity.asAdmin(calls.line().node().httpPort(), method, path, body);
  }
}
