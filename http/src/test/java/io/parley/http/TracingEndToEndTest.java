package io.parley.http;

import static io.parley.core.testing.Awaiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.parley.core.llm.ToolCall;
import io.parley.core.llm.testing.FakeChatCompletionsServer;
import io.parley.core.llm.testing.Reply;
import io.parley.persistence.testing.TestPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One trace per turn, over a real WebSocket with the SDK's in-memory exporter: the socket's span,
 * the session's admission and write, the turn with its memory recall, cache lookup, both model
 * calls (a chat span per provider attempt, with token counts) and the knowledge-base tool call, then
 * the stored answer; the model server receives the attempt's {@code traceparent}; no attribute
 * carries what the customer wrote or read.
 */
class TracingEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String QUESTION = "How long do refunds take to reach my card?";
  private static final String ANSWER = "Refunds reach your card within 5 business days.";

  /**
   * One exporter, model and node for the class: each test starts with the exporter emptied and
   * reads the model's requests from where the earlier tests left them. The test that needs a
   * cluster starts its two nodes, on the same exporter and model.
   */
  private static final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private static OpenTelemetrySdk telemetry;
  private static FakeChatCompletionsServer model;
  private static ParleyNode node;
  private final List<ParleyNode> cluster = new ArrayList<>();
  private int requestsBefore;

  @BeforeAll
  static void start() {
    telemetry = OpenTelemetrySdk.builder()
        .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
        .build();
    model = FakeChatCompletionsServer.start();
    node = ParleyNode.start(TestNode.config(TestPostgres.newDatabase(), Optional.of(model.baseUrl()), Map.of()), telemetry);
  }

  @AfterAll
  static void stop() {
    if (node != null) node.close();
    if (model != null) model.close();
    if (telemetry != null) telemetry.close();
  }

  @BeforeEach
  void fromHere() {
    spans.reset();
    requestsBefore = model.requests().size();
  }

  @AfterEach
  void stopCluster() {
    cluster.forEach(ParleyNode::close);
  }

  @Test
  void aTurnWithAToolCallIsOneTraceFromTheSocketToTheStoredAnswer() throws Exception {
    model.enqueue(Reply.toolCalls(new ToolCall("call-1", "kb_search", "{\"query\": \"refund time\"}")),
        Reply.answer(ANSWER));
    try (ChatClient client = ChatClient.connectAs(node.httpPort(), "acme", Optional.of("ada-lovelace"))) {
      client.startNew();
      client.answerOf(client.say("c-1", QUESTION).get("turnId").asText());
    }
    List<SpanData> trace = awaitSpan("session.store_answer");

    SpanData socket = only(trace, "chat.user_message");
    assertEquals(SpanKind.SERVER, socket.getKind());
    assertFalse(socket.getParentSpanContext().isValid(), "the socket's span starts the trace");
    trace.forEach(span -> assertEquals(socket.getTraceId(), span.getTraceId(), span.getName() + " is in another trace"));

    SpanData admitted = only(trace, "session.user_message");
    assertEquals(socket.getSpanId(), admitted.getParentSpanId());
    assertEquals("admitted", admitted.getAttributes().get(AttributeKey.stringKey("parley.admission")));
    SpanData turn = only(trace, "invoke_agent parley");
    assertEquals(admitted.getSpanId(), turn.getParentSpanId());
    assertEquals("llm", turn.getAttributes().get(AttributeKey.stringKey("parley.answer.source")));
    for (String child : List.of("memory.recall", "prompt.assemble", "answer_cache.lookup", "execute_tool kb_search",
        "session.store_answer")) {
      assertEquals(turn.getSpanId(), only(trace, child).getParentSpanId(), child + " hangs under the turn");
    }
    assertEquals("kb_search", only(trace, "execute_tool kb_search").getAttributes().get(AttributeKey.stringKey("parley.tool")));
    assertEquals(only(trace, "execute_tool kb_search").getSpanId(), only(trace, "tool.attempt").getParentSpanId());
    assertEquals("miss", only(trace, "answer_cache.lookup").getAttributes().get(AttributeKey.stringKey("parley.cache.result")));

    List<SpanData> attempts = named(trace, "chat llama-3.3-70b");
    assertEquals(2, attempts.size(), "asked for the tool, then for the answer");
    for (SpanData attempt : attempts) {
      assertEquals(SpanKind.CLIENT, attempt.getKind());
      assertEquals(turn.getSpanId(), attempt.getParentSpanId());
      assertEquals("test-model", attempt.getAttributes().get(AttributeKey.stringKey("parley.llm.provider")));
      assertTrue(attempt.getAttributes().get(AttributeKey.longKey("gen_ai.usage.input_tokens")) > 0);
    }
    // traceparent is version-traceid-parentid-flags; the flags say sampled (and how the id was made).
    List<String> sent = model.requests().subList(requestsBefore, model.requests().size()).stream()
        .map(request -> request.header("traceparent").orElseThrow().substring(0, 52)).sorted().toList();
    assertEquals(attempts.stream().map(a -> "00-" + a.getTraceId() + "-" + a.getSpanId()).sorted().toList(), sent,
        "each attempt's span is the model server's parent");

    String attributes = trace.stream().map(span -> span.getAttributes().asMap().values().toString())
        .collect(Collectors.joining(" "));
    for (String words : List.of("refunds take", "my card", "business days", "lovelace")) {
      assertFalse(attributes.toLowerCase().contains(words), "span attributes carry '" + words + "': " + attributes);
    }
  }

  @Test
  void aMessageReceivedOnOneNodeForASessionLivingOnAnotherIsOneTrace() throws Exception {
    cluster.addAll(TestNode.cluster(TestPostgres.newDatabase(), Optional.of(model.baseUrl()), 2,
        config -> ParleyNode.start(config, telemetry)).nodes());
    String edge = TestNode.address(cluster.get(1));

    // Sessions are placed by their id's hash: ask through the second node until one lives on the first.
    for (int attempt = 0; attempt < 12; attempt++) {
      spans.reset();
      try (ChatClient client = ChatClient.connect(cluster.get(1).httpPort(), "acme")) {
        client.startNew();
        client.answerOf(client.say("c-1", "Hello there, attempt " + attempt).get("turnId").asText());
      }
      List<SpanData> trace = awaitSpan("session.store_answer");
      SpanData socket = only(trace, "chat.user_message");
      SpanData turn = only(trace, "invoke_agent parley");
      assertEquals(edge, node(socket));
      if (node(turn).equals(edge)) continue;
      assertEquals(TestNode.address(cluster.get(0)), node(turn));
      assertEquals(node(turn), node(only(trace, "session.user_message")), "the entity admits it where it lives");
      assertEquals(socket.getSpanId(), only(trace, "session.user_message").getParentSpanId(),
          "the trace crossed the nodes inside the command");
      return;
    }
    throw new AssertionError("twelve sessions opened through the second node all lived on it");
  }

  @Test
  void aRestMessageContinuesTheCallersTrace() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    String sessions = "http://127.0.0.1:" + node.httpPort() + "/v1/sessions?tenant=globex";
    String sessionId = JSON.readTree(http.send(TestIdentity.authorized(HttpRequest.newBuilder(URI.create(sessions)),
        sessions).POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString()).body())
        .get("sessionId").asText();
    String messages = "http://127.0.0.1:" + node.httpPort() + "/v1/sessions/" + sessionId + "/messages?tenant=globex";
    String callerTrace = "4bf92f3577b34da6a3ce929d0e0e4736";
    HttpResponse<String> answered = http.send(TestIdentity.authorized(HttpRequest.newBuilder(URI.create(messages)), messages)
        .header("traceparent", "00-" + callerTrace + "-00f067aa0ba902b7-01")
        .POST(HttpRequest.BodyPublishers.ofString("{\"clientMsgId\": \"c-1\", \"text\": \"Hello\"}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, answered.statusCode(), answered.body());
    assertEquals(callerTrace, answered.headers().firstValue("X-Request-Id").orElseThrow(),
        "the access log's request id is the trace id");

    List<SpanData> trace = awaitSpan("session.store_answer");
    SpanData request = named(trace, "http.request").stream()
        .filter(span -> span.getParentSpanId().equals("00f067aa0ba902b7")).findFirst().orElseThrow();
    assertEquals(callerTrace, request.getTraceId());
    assertEquals(200L, request.getAttributes().get(AttributeKey.longKey("http.response.status_code")));
    SpanData rest = only(trace, "rest.user_message");
    assertEquals(request.getSpanId(), rest.getParentSpanId());
    assertEquals(200L, rest.getAttributes().get(AttributeKey.longKey("http.response.status_code")));
    assertEquals(rest.getSpanId(), only(trace, "session.user_message").getParentSpanId());
  }

  private static String node(SpanData span) {
    return span.getAttributes().get(AttributeKey.stringKey("parley.node"));
  }

  /** The spans of the trace that has {@code name}, once that span has ended. */
  private List<SpanData> awaitSpan(String name) {
    SpanData last = await("the " + name + " span ended").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
        .until(() -> spans.getFinishedSpanItems().stream().filter(s -> s.getName().equals(name)).findFirst(), Optional::isPresent)
        .get();
    return spans.getFinishedSpanItems().stream().filter(span -> span.getTraceId().equals(last.getTraceId())).toList();
  }

  private static List<SpanData> named(List<SpanData> trace, String name) {
    return trace.stream().filter(span -> span.getName().equals(name)).toList();
  }

  private static SpanData only(List<SpanData> trace, String name) {
    List<SpanData> found = named(trace, name);
    assertEquals(1, found.size(), name + " in " + trace.stream().map(SpanData::getName).toList());
    return found.get(0);
  }
}
