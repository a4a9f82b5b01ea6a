package io.parley.http;

import static io.parley.core.testing.Awaiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.parley.core.llm.testing.FakeChatCompletionsServer;
import io.parley.core.llm.testing.Reply;
import io.parley.persistence.testing.TestPostgres;
import io.parley.voice.testing.TestSpeech;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A browser voice call's turns, traced: the caller asks, talks over the answer, and hears the next
 * one to its end. Each spoken turn is a {@code voice.turn} trace, with its speech-to-text and
 * text-to-speech spans, and the session's message and the turn's {@code invoke_agent} under it;
 * the first ends {@code interrupted}, the second {@code completed}. No attribute holds what was said.
 */
@RealTime
class VoiceTracesEndToEndTest {
  private static final int RATE = 16_000;
  private static final String ANSWER = "Ticket T-1001 is open and waiting for an agent. "
      + "An agent usually replies within one working day, and you will get an email when they do. "
      + "Is there anything else I can help you with today?";
  private static final String GOODBYE = "Goodbye, have a lovely day!";
  private static final AttributeKey<String> END_REASON = AttributeKey.stringKey("parley.voice.end_reason");

  private final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private OpenTelemetrySdk telemetry;
  private FakeChatCompletionsServer model;
  private ParleyNode node;

  @BeforeEach
  void start() {
    telemetry = OpenTelemetrySdk.builder()
        .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
        .build();
    model = FakeChatCompletionsServer.start();
    node = ParleyNode.start(TestNode.config(TestPostgres.newDatabase(), Optional.of(model.baseUrl()),
        Map.of("parley.answer-cache.enabled", false)), telemetry);
  }

  @AfterEach
  void stop() {
    if (node != null) node.close();
    if (model != null) model.close();
    if (telemetry != null) telemetry.close();
  }

  @Test
  void eachSpokenTurnIsATraceThatSaysHowItsAnswerEnded() throws Exception {
    model.enqueue(Reply.answer(ANSWER), Reply.answer(GOODBYE));
    try (ChatClient client = ChatClient.connect(node.httpPort(), "acme")) {
      VoiceEndToEndTest.startVoice(client);
      VoiceEndToEndTest.speak(client, TestSpeech.say("What is the status of my ticket?", RATE));
      String first = client.expect("speaking").get("turnId").asText();
      client.answerOf(first);
      CompletableFuture<Void> over = CompletableFuture.runAsync(
          () -> VoiceEndToEndTest.speak(client, TestSpeech.say("No thanks, that is all I needed.", RATE)));
      assertEquals("barge_in", client.expect("speaking").get("reason").asText());
      client.send(ChatClient.frame("played").put("turnId", first).put("ms", 1_500).put("stopped", true));
      over.join();
      JsonNode done = client.next(f -> f.get("type").asText().equals("speaking") && f.get("state").asText().equals("stop")
          && !f.get("turnId").asText().equals(first));
      assertEquals("done", done.get("reason").asText());
    }

    List<SpanData> turns = await("both spoken turns ended").atMost(Duration.ofSeconds(15))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> named(spans.getFinishedSpanItems(), "voice.turn").stream()
            .filter(turn -> turn.getAttributes().get(AttributeKey.stringKey("parley.turn_id")) != null).toList(),
            found -> found.size() == 2);
    assertEquals(List.of("completed", "interrupted"),
        turns.stream().map(turn -> turn.getAttributes().get(END_REASON)).sorted().toList());

    for (SpanData turn : turns) {
      assertEquals(SpanKind.SERVER, turn.getKind());
      assertFalse(turn.getParentSpanContext().isValid(), "the caller's utterance starts the trace");
      List<SpanData> trace = await("the turn's answer stored").atMost(Duration.ofSeconds(10))
          .until(() -> spans.getFinishedSpanItems().stream().filter(s -> s.getTraceId().equals(turn.getTraceId())).toList(),
              found -> !named(found, "session.store_answer").isEmpty());
      SpanData heard = only(trace, "speech_to_text");
      assertEquals(turn.getSpanId(), heard.getParentSpanId());
      assertTrue(heard.getStartEpochNanos() >= turn.getStartEpochNanos() && heard.getEndEpochNanos() <= turn.getEndEpochNanos());
      List<SpanData> spoken = named(trace, "text_to_speech");
      assertFalse(spoken.isEmpty(), "the answer was synthesised: " + names(trace));
      spoken.forEach(sentence -> assertEquals(turn.getSpanId(), sentence.getParentSpanId()));
      SpanData message = named(trace, "session.user_message").stream()
          .filter(s -> "admitted".equals(s.getAttributes().get(AttributeKey.stringKey("parley.admission"))))
          .findFirst().orElseThrow(() -> new AssertionError(names(trace)));
      assertEquals(turn.getSpanId(), message.getParentSpanId(), "the message carried the call's traceparent");
      SpanData agent = only(trace, "invoke_agent parley");
      assertEquals(message.getSpanId(), agent.getParentSpanId());
      assertEquals(turn.getAttributes().get(AttributeKey.stringKey("parley.turn_id")),
          agent.getAttributes().get(AttributeKey.stringKey("parley.turn_id")), "the trace of the turn that answered it");

      String attributes = trace.stream().map(span -> span.getAttributes().asMap().values().toString())
          .collect(Collectors.joining(" ")).toLowerCase();
      for (String said : List.of("status of", "my ticket", "no thanks", "working day", "lovely day")) {
        assertFalse(attributes.contains(said), "span attributes carry '" + said + "': " + attributes);
      }
    }
  }

  private static List<SpanData> named(List<SpanData> trace, String name) {
    return trace.stream().filter(span -> span.getName().equals(name)).toList();
  }

  private static SpanData only(List<SpanData> trace, String name) {
    List<SpanData> found = named(trace, name);
    assertEquals(1, found.size(), name + " in " + names(trace));
    return found.get(0);
  }

  private static List<String> names(List<SpanData> trace) {
    return trace.stream().map(SpanData::getName).toList();
  }
}
