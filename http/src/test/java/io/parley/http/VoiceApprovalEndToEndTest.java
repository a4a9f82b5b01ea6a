package io.parley.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.core.llm.ToolCall;
import io.parley.core.llm.testing.FakeChatCompletionsServer;
import io.parley.core.llm.testing.Reply;
import io.parley.core.testing.ScriptedHttpServer;
import io.parley.core.testing.ScriptedHttpServer.Response;
import io.parley.persistence.testing.TestPostgres;
import io.parley.voice.testing.FakeSpeechServer;
import io.parley.voice.testing.FakeTranscriptionServer;
import io.parley.voice.testing.TestSpeech;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A voice call asks for a tool's approval aloud and takes the caller's spoken answer: the node's
 * speech services are fakes speaking OpenAI's wire format (the recogniser answers scripted
 * transcripts, the voice records what it was asked to say), the company's order system a real
 * server on loopback. In English the caller says yes and the order is cancelled once; in German the
 * caller's unclear answer has the question asked again in German, and their no refuses: nothing is
 * cancelled, and the model is told.
 */
@RealTime
class VoiceApprovalEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int RATE = 16_000;
  @AutoClose private static FakeChatCompletionsServer model;
  @AutoClose private static FakeTranscriptionServer recogniser;
  @AutoClose private static FakeSpeechServer voice;
  @AutoClose private static ScriptedHttpServer orders;
  @AutoClose private static ParleyNode node;

  @BeforeAll
  static void start() throws Exception {
    model = FakeChatCompletionsServer.start(TenantToolsEndToEndTest::answerFromLastResult);
    recogniser = FakeTranscriptionServer.start();
    voice = FakeSpeechServer.start();
    orders = ScriptedHttpServer.start(Response.json(200, "{\"cancelled\":\"A-1042\",\"summary\":\"A-1042 cancelled\"}"));
    node = ParleyNode.start(TestNode.config(TestPostgres.newDatabase(), Optional.of(model.baseUrl()), Map.of(
        "parley.answer-cache.enabled", false,
        "parley.voice.stt.base-url", recogniser.baseUrl().toString(), "parley.voice.stt.api-key", "sk-test",
        "parley.voice.tts.base-url", voice.baseUrl().toString(), "parley.voice.tts.api-key", "sk-test")));
    String config = "{\"httpTools\": [{\"name\": \"cancel_order\", \"description\": \"Cancel one of the customer's"
        + " orders\", \"url\": \"" + orders.url("/cancel") + "\", \"approval\": \"customer\", \"parameters\":"
        + " {\"type\": \"object\", \"properties\": {\"order\": {\"type\": \"string\"}}, \"required\": [\"order\"]}}]}";
    HttpResponse<String> saved = TestIdentity.asAdmin(node.httpPort(), "PUT", "/v1/config?tenant=acme", "{\"config\": " + config + "}");
    assertEquals(200, saved.statusCode(), saved.body());
  }

  @Test
  void aCallerWhoSaysYesHasTheCallRunOnce() throws Exception {
    int before = orders.requestCount();
    model.enqueue(Reply.toolCalls(new ToolCall("call-1", "cancel_order", "{\"order\":\"A-1042\"}")));
    recogniser.enqueue(FakeTranscriptionServer.Reply.transcript("Please cancel my order A-1042."),
        FakeTranscriptionServer.Reply.transcript("Yes, go ahead."));
    try (ChatClient caller = ChatClient.connect(node.httpPort(), "acme")) {
      String sessionId = startVoice(caller, "en");
      int spoken = voice.calls().size();
      VoiceEndToEndTest.speak(caller, TestSpeech.say("Please cancel my order.", RATE));
      String approvalId = caller.expect("approval").get("approvalId").asText();
      String question = heardAsked(caller, "approval-" + approvalId, spoken);
      assertTrue(question.contains("1042") && question.contains("Shall I go ahead? Please say yes or no."), question);
      assertEquals(before, orders.requestCount(), "nothing runs before the caller answers");

      VoiceEndToEndTest.speak(caller, TestSpeech.say("Yes, go ahead.", RATE));
      assertEquals("approved", decision(caller, approvalId).get("status").asText());
      JsonNode answer = caller.next(f -> ChatClient.isMessage(f, "assistant"));
      assertTrue(answer.get("text").asText().contains("A-1042 cancelled"), answer.toString());
      assertEquals(before + 1, orders.requestCount(), "the order was cancelled once");
      HttpResponse<String> view = TestIdentity.asAdmin(node.httpPort(), "GET", "/v1/sessions/" + sessionId + "?tenant=acme", null);
      List<String> customerSaid = new ArrayList<>();
      JSON.readTree(view.body()).get("messages").forEach(m -> {
        if (m.get("role").asText().equals("user")) customerSaid.add(m.get("text").asText());
      });
      assertEquals(List.of("Please cancel my order A-1042."), customerSaid, "the yes decided; it is no message");
    }
  }

  @Test
  void anUnclearAnswerIsAskedAgainInTheCallersLanguageAndNoRefuses() {
    int before = orders.requestCount();
    model.enqueue(Reply.toolCalls(new ToolCall("call-1", "cancel_order", "{\"order\":\"A-1042\"}")));
    recogniser.enqueue(FakeTranscriptionServer.Reply.transcript("Bitte stornieren Sie meine Bestellung A-1042."),
        FakeTranscriptionServer.Reply.transcript("Wie bitte?"),
        FakeTranscriptionServer.Reply.transcript("Nein, lieber nicht."));
    try (ChatClient caller = ChatClient.connect(node.httpPort(), "acme")) {
      startVoice(caller, "de");
      int spoken = voice.calls().size();
      VoiceEndToEndTest.speak(caller, TestSpeech.say("Please cancel my order.", RATE));
      String approvalId = caller.expect("approval").get("approvalId").asText();
      String question = heardAsked(caller, "approval-" + approvalId, spoken);
      assertTrue(question.contains("Soll ich das tun? Bitte sagen Sie ja oder nein."), question);

      spoken = voice.calls().size();
      VoiceEndToEndTest.speak(caller, TestSpeech.say("What did you say?", RATE));
      String again = heardAsked(caller, "approval-" + approvalId + "-again", spoken);
      assertTrue(again.startsWith("Entschuldigung, das habe ich nicht verstanden.") && again.contains("1042"), again);

      VoiceEndToEndTest.speak(caller, TestSpeech.say("No, better not.", RATE));
      JsonNode refused = decision(caller, approvalId);
      assertEquals("refused", refused.get("status").asText(), refused.toString());
      assertEquals("The caller said no.", refused.get("reason").asText(), refused.toString());
      JsonNode answer = caller.next(f -> ChatClient.isMessage(f, "assistant"));
      assertTrue(answer.get("text").asText().contains("The caller said no."), "the model was told: " + answer);
      assertEquals(before, orders.requestCount(), "nothing was cancelled");
    }
  }

  private static String startVoice(ChatClient caller, String language) {
    caller.send(ChatClient.frame("start").put("channel", "voice").put("language", language));
    JsonNode session = caller.expect("session");
    assertTrue(session.get("voice").asBoolean(), session.toString());
    caller.send(ChatClient.frame("voice").put("action", "start").put("sampleRate", RATE));
    assertEquals(RATE, caller.expect("voice").get("sampleRate").asInt());
    return session.get("sessionId").asText();
  }

  /**
   * Waits until the question spoken under {@code key} was spoken to its end; the sentences the voice
   * was asked to say since its {@code from}th request, joined.
   */
  private static String heardAsked(ChatClient caller, String key, int from) {
    caller.next(f -> f.get("type").asText().equals("speaking") && f.get("turnId").asText().equals(key)
        && f.get("state").asText().equals("start"));
    caller.next(f -> f.get("type").asText().equals("speaking") && f.get("turnId").asText().equals(key)
        && f.get("state").asText().equals("stop"));
    List<FakeSpeechServer.SpeechCall> calls = voice.calls();
    return String.join(" ", calls.subList(from, calls.size()).stream().map(call -> call.body().path("input").asText()).toList());
  }

  private static JsonNode decision(ChatClient caller, String approvalId) {
    return caller.next(f -> f.get("type").asText().equals("approval") && f.get("approvalId").asText().equals(approvalId)
        && !f.get("status").asText().equals("pending"));
  }
}
