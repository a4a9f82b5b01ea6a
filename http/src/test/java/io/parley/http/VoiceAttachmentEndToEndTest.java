package io.parley.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.core.llm.PromptMessage;
import io.parley.core.llm.testing.FakeChatCompletionsServer;
import io.parley.core.testing.TestImages;
import io.parley.persistence.testing.TestPostgres;
import io.parley.voice.testing.FakeSpeechServer;
import io.parley.voice.testing.FakeTranscriptionServer;
import io.parley.voice.testing.TestSpeech;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * A customer on a browser call shares photos from the page while talking: the node's speech
 * services and its model are fakes speaking OpenAI's wire format. A photo uploaded to the
 * conversation reaches the model with the caller's next spoken question as an {@code image_url}
 * part; so does one the page sends in a message during the call, with the question after it; a
 * photo the model was shown with an earlier spoken question is not shown again.
 */
@RealTime
class VoiceAttachmentEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int RATE = 16_000;
  @AutoClose private FakeChatCompletionsServer model = FakeChatCompletionsServer.start(request -> "I can see the label.");
  @AutoClose private FakeTranscriptionServer recogniser = FakeTranscriptionServer.start();
  @AutoClose private FakeSpeechServer voice = FakeSpeechServer.start();

  @Test
  void aPhotoSharedDuringACallIsShownToTheModelWithTheNextSpokenQuestion() throws Exception {
    try (ParleyNode node = ParleyNode.start(TestNode.config(TestPostgres.newDatabase(), Optional.of(model.baseUrl()),
        Map.of("parley.voice.stt.base-url", recogniser.baseUrl().toString(), "parley.voice.stt.api-key", "sk-test",
            "parley.voice.tts.base-url", voice.baseUrl().toString(), "parley.voice.tts.api-key", "sk-test")))) {
      int port = node.httpPort();
      HttpResponse<String> published = TestIdentity.asAdmin(port, "PUT", "/v1/config?tenant=acme",
          "{\"config\": {\"vision\": true}, \"message\": \"the model reads images\"}");
      assertEquals(200, published.statusCode(), published.body());
      String user = "ada-" + UUID.randomUUID();
      String customer = "Bearer " + TestIdentity.customerToken("acme", Optional.of(user));
      recogniser.enqueue(FakeTranscriptionServer.Reply.transcript("What does the label in my photo say?"),
          FakeTranscriptionServer.Reply.transcript("And is this one the right size?"));
      try (ChatClient caller = ChatClient.connectAs(port, "acme", Optional.of(user))) {
        caller.send(ChatClient.frame("start").put("channel", "voice").put("language", "en"));
        JsonNode session = caller.expect("session");
        String sessionId = session.get("sessionId").asText();
        caller.send(ChatClient.frame("voice").put("action", "start").put("sampleRate", RATE));
        assertEquals(RATE, caller.expect("voice").get("sampleRate").asInt());

        AttachmentsEndToEndTest.uploaded(port, sessionId, customer, "label.png", TestImages.png(40, 30));
        VoiceEndToEndTest.speak(caller, TestSpeech.say("What does the label say?", RATE));
        answered(caller, "What does the label in my photo say?");
        PromptMessage asked = lastUser(model);
        assertEquals("What does the label in my photo say?", asked.content().lines().findFirst().orElseThrow());
        assertTrue(asked.content().contains("[The customer attached an image: label.png]"), asked.content());
        assertEquals(1, asked.images().size(), "the photo is an image_url part of the spoken question");
        assertTrue(asked.images().get(0).startsWith("data:image/jpeg;base64,"), asked.images().get(0).substring(0, 30));

        String box = AttachmentsEndToEndTest.uploaded(port, sessionId, customer, "box.png", TestImages.png(50, 50))
            .get("attachmentId").asText();
        caller.send(ChatClient.frame("user").put("clientMsgId", "c-1").put("text", "The box")
            .set("attachments", JSON.createArrayNode().add(box)));
        caller.answerOf(caller.expect("ack").get("turnId").asText());
        VoiceEndToEndTest.speak(caller, TestSpeech.say("Is this the right size?", RATE));
        answered(caller, "And is this one the right size?");
        PromptMessage again = lastUser(model);
        assertEquals("And is this one the right size?", again.content().lines().findFirst().orElseThrow());
        assertTrue(again.content().contains("box.png") && !again.content().contains("label.png"), again.content());
        assertEquals(1, again.images().size(), "the box sent during the call, not the label shown before");
      }
    }
  }

  /** Waits until the caller's spoken question, heard as {@code heard}, has its answer stored. */
  private static void answered(ChatClient caller, String heard) {
    caller.answerOf(caller.next(f -> ChatClient.isMessage(f, "user")
        && f.get("text").asText().equals(heard)).get("turnId").asText());
  }

  private static PromptMessage lastUser(FakeChatCompletionsServer model) {
    List<PromptMessage> messages = model.lastRequest().messages();
    return messages.stream().filter(m -> m.role().equals("user")).reduce((first, second) -> second).orElseThrow();
  }
}
