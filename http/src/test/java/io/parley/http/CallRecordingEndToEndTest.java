package io.parley.http;

import static io.parley.http.PhoneEndToEndTest.awaitSession;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.core.testing.Awaiting;
import io.parley.persistence.testing.TestS3;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A call recorded with the caller's consent, on a real SIP user agent (baresip, {@link Baresip}) whose
 * microphone speaks, against a node on loopback whose archive is a real S3-compatible store. The
 * tenant's {@code voice.recording} is {@code ask}: after the greeting the caller is asked, and says
 * yes, which is no message; the call goes on and is recorded, both directions in one track. The
 * store holds it sealed (its bytes are no audio file); staff play it decrypted through
 * {@code GET /v1/conversations/{id}/recording}; the audit log has the question and the answer; erasing
 * the caller deletes it. A caller who says no is not recorded, and the conversation goes on; so is
 * one who twice speaks of something else, whose second words are their message.
 */
@RealTime
class CallRecordingEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String TENANT = TestIdentity.DEFAULT_TENANT;
  /** The greeting, then the question: the caller answers after both. */
  private static final int ANSWER_MILLIS = 8_000;
  private static TestS3 s3;
  private static String bucket;
  private static TestPhoneNode.Line line;

  @BeforeAll
  static void start() throws Exception {
    s3 = TestS3.shared();
    bucket = s3.newBucketName();
    line = TestPhoneNode.Line.start("Your ticket is open.",
        TestNode.s3Archive(s3, bucket, Map.of("parley.answer-cache.enabled", false)));
    HttpResponse<String> saved = TestIdentity.asAdmin(line.node().httpPort(), "PUT", "/v1/config?tenant=" + TENANT,
        "{\"config\": {\"voice\": {\"recording\": \"ask\"}}}");
    assertEquals(200, saved.statusCode(), saved.body());
  }

  @AfterAll
  static void stop() {
    if (line != null) line.close();
  }

  @Test
  void aCallerWhoAgreesIsRecordedSealedPlayedBackToStaffAndErasedWithThem(@TempDir Path dir) throws Exception {
    String sessionId = call(dir, whoAnswers("Yes, that is fine."), line.sipPort(), line.node().httpPort()).sessionId();
    JsonNode session = archived(sessionId);
    int port = line.node().httpPort();
    assertOnlyTheQuestion(session, "the yes answered the question of the recording and is no message");

    String key = TENANT + "/recordings/" + sessionId + ".wav";
    byte[] stored = Awaiting.await("the recording in the store").atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200)).until(() -> AttachmentsEndToEndTest.object(s3, bucket, key).orElse(null),
            found -> found != null);
    assertFalse(new String(stored, 0, 4, java.nio.charset.StandardCharsets.ISO_8859_1).equals("RIFF"));
    assertThrows(UnsupportedAudioFileException.class,
        () -> AudioSystem.getAudioInputStream(new ByteArrayInputStream(stored)), "the store holds it sealed");

    HttpResponse<byte[]> played = recording(port, sessionId);
    assertEquals(200, played.statusCode());
    assertEquals("audio/wav", played.headers().firstValue("Content-Type").orElseThrow());
    Instant started = Instant.parse(played.headers().firstValue("Recording-Started").orElseThrow());
    assertTrue(started.isBefore(Instant.now()));
    try (AudioInputStream audio = AudioSystem.getAudioInputStream(new ByteArrayInputStream(played.body()))) {
      assertEquals(AudioFormat.Encoding.ULAW, audio.getFormat().getEncoding());
      assertEquals(8000f, audio.getFormat().getSampleRate());
      long millis = audio.getFrameLength() / 8;
      assertTrue(millis > 3_000, "the caller's question and the bot's answer: " + millis + " ms");
    }

    awaitAudited(port, List.of("call.recording.asked", "call.recording.given", "conversation.recording.read"));

    String user = session.get("userId").asText();
    HttpResponse<String> erased = TestIdentity.asAdmin(port, "DELETE", "/v1/users/" + user + "?tenant=" + TENANT, null);
    assertEquals(200, erased.statusCode(), erased.body());
    assertEquals(Optional.empty(), AttachmentsEndToEndTest.object(s3, bucket, key), "the recording is gone from the store");
    assertEquals(404, recording(port, sessionId).statusCode());
  }

  @Test
  void aCallerWhoSaysNoIsNotRecordedAndTheConversationGoesOn(@TempDir Path dir) throws Exception {
    String refusedBefore = metrics();
    Call call = call(dir, whoAnswers("No, thank you."), line.sipPort(), line.node().httpPort());
    assertEquals(1, PhoneCaller.answers(call.answered()).size(), "the question was answered: " + call.answered());
    String sessionId = call.sessionId();
    JsonNode session = archived(sessionId);
    int port = line.node().httpPort();
    assertOnlyTheQuestion(session, "the no is no message, the question after it is");
    awaitAudited(port, List.of("call.recording.asked", "call.recording.refused"));
    String refused = "parley_call_recordings_total{outcome=\"refused\",tenant=\"" + TENANT + "\"}";
    assertEquals(1.0, OpsClient.sample(metrics(), refused) - OpsClient.sample(refusedBefore, refused));
    assertEquals(404, recording(port, sessionId).statusCode());
    assertEquals(Optional.empty(), AttachmentsEndToEndTest.object(s3, bucket, TENANT + "/recordings/" + sessionId + ".wav"));
  }

  @Test
  void aCallerWhoTwiceSpeaksOfSomethingElseIsNotRecordedAndTheirSecondWordsAreAMessage(@TempDir Path dir)
      throws Exception {
    PhoneCaller.Microphone speaksOfOtherThings = new PhoneCaller.Microphone()
        .at(ANSWER_MILLIS, "I am calling about my order.").after(6_000, "What is the status of my ticket?");
    Call call = call(dir, speaksOfOtherThings, line.sipPort(), line.node().httpPort());
    JsonNode session = archived(call.sessionId());
    assertOnlyTheQuestion(session, "the first words had the question asked again; the second, no answer either, are the message");
    awaitAudited(line.node().httpPort(), List.of("call.recording.asked", "call.recording.refused"));
    assertEquals(404, recording(line.node().httpPort(), call.sessionId()).statusCode());
  }

  /** The session {@code sessionId}, once archived. */
  private static JsonNode archived(String sessionId) throws Exception {
    return awaitSession(line.node().httpPort(), sessionId, view -> view.get("status").asText().equals("archived"));
  }

  /**
   * A call: its session id, and the session's live view once the caller's question was answered. The
   * archived session may hold no answer: one the caller hung up on before hearing any of it is dropped.
   */
  record Call(String sessionId, JsonNode answered) {}

  /** A caller who answers the question of the recording with {@code answer}, then asks about their ticket. */
  static PhoneCaller.Microphone whoAnswers(String answer) {
    return new PhoneCaller.Microphone().at(ANSWER_MILLIS, answer).after(2_500, "What is the status of my ticket?");
  }

  /** Calls the node, waits for the bot's answer to the caller's question, and hangs up. */
  static Call call(Path dir, PhoneCaller.Microphone microphone, int sipPort, int httpPort) throws Exception {
    try (Baresip phone = Baresip.start(dir, "caller", microphone.samples(), false)) {
      phone.command("dial", "sip:support@127.0.0.1:" + sipPort);
      phone.awaitEvent("CALL_ESTABLISHED");
      String sessionId = PhoneCaller.sessionOf(phone);
      JsonNode answered = Awaiting.await("the answer to the caller's question").atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(250))
          .until(() -> awaitSession(httpPort, sessionId, view -> true), view -> !PhoneCaller.answers(view).isEmpty());
      phone.command("hangup", "");
      return new Call(sessionId, answered);
    }
  }

  /** The caller's one message is their question (as the recogniser heard it), not their answer before it. */
  private static void assertOnlyTheQuestion(JsonNode session, String why) {
    List<String> said = PhoneCaller.userMessages(session);
    assertEquals(1, said.size(), why + ": " + session);
    assertTrue(said.get(0).contains("ticket"), why + ": " + said);
  }

  /** The conversation's recording, as the tenant's admin reads it. */
  static HttpResponse<byte[]> recording(int port, String sessionId) throws Exception {
    String path = "/v1/conversations/" + sessionId + "/recording";
    return HTTP.send(TestIdentity.authorized(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)), path)
        .build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  /** The audit log, written in batches, comes to hold each of {@code actions}. */
  private static void awaitAudited(int port, List<String> actions) {
    Awaiting.await("the audit log's " + actions).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
        .until(() -> {
          JsonNode page = JSON.readTree(TestIdentity.asAdmin(port, "GET", "/v1/audit?limit=100", null).body());
          List<String> audited = new ArrayList<>();
          page.get("entries").forEach(entry -> audited.add(entry.get("action").asText()));
          return audited.containsAll(actions);
        });
  }

  private static String metrics() {
    return OpsClient.withToken(line.node().httpPort()).get("/metrics").body();
  }
}
