package io.parley.http;

import static io.parley.core.testing.Awaiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.parley.core.llm.ToolCall;
import io.parley.core.llm.testing.FakeChatCompletionsServer;
import io.parley.core.llm.testing.Reply;
import io.parley.core.testing.LoopbackHttpServers;
import io.parley.core.trace.GenAi;
import io.parley.persistence.testing.TestPostgres;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A chat turn with a tool call, exported by the node as its operators configure it (the standard
 * OTLP settings) to an OTLP/HTTP receiver on loopback that decodes each export as a collector
 * does: the turn is an {@code invoke_agent} span with a {@code chat} span per model call and an
 * {@code execute_tool} span under it, in the GenAI conventions' names; and nothing the customer
 * typed, an email address included, is in any attribute, even where the model copied it into the
 * tool's arguments.
 */
class GenAiTracesOverOtlpTest {
  private static final String EMAIL = "ada.lovelace@example.org";
  private static final String QUESTION = "My order never arrived, write to me at " + EMAIL + " please";
  private static final List<String> SETTINGS = List.of("otel.exporter.otlp.endpoint", "otel.exporter.otlp.protocol",
      "otel.bsp.schedule.delay");

  /** One decoded span and the schema URL of the scope that sent it. */
  private record Received(Span span, String schemaUrl) {
    String attribute(String key) {
      return span.getAttributesList().stream().filter(kv -> kv.getKey().equals(key)).findFirst()
          .map(kv -> text(kv.getValue())).orElse("");
    }

    String id() {
      return HexFormat.of().formatHex(span.getSpanId().toByteArray());
    }

    String parent() {
      return HexFormat.of().formatHex(span.getParentSpanId().toByteArray());
    }

    String trace() {
      return HexFormat.of().formatHex(span.getTraceId().toByteArray());
    }
  }

  private static final List<Received> received = new CopyOnWriteArrayList<>();
  private static final List<String> contentTypes = new CopyOnWriteArrayList<>();
  private static HttpServer collector;
  private static FakeChatCompletionsServer model;
  private static ParleyNode node;

  @BeforeAll
  static void start() {
    collector = LoopbackHttpServers.create();
    collector.createContext("/v1/traces", GenAiTracesOverOtlpTest::export);
    collector.start();
    model = FakeChatCompletionsServer.start();
    System.setProperty("otel.exporter.otlp.endpoint", "http://127.0.0.1:" + collector.getAddress().getPort());
    System.setProperty("otel.exporter.otlp.protocol", "http/protobuf");
    System.setProperty("otel.bsp.schedule.delay", "50ms");
    try {
      node = ParleyNode.start(TestNode.config(TestPostgres.newDatabase(), Optional.of(model.baseUrl()), Map.of()));
    } finally {
      SETTINGS.forEach(System::clearProperty);
    }
  }

  @AfterAll
  static void stop() {
    if (node != null) node.close();
    if (model != null) model.close();
    if (collector != null) collector.stop(0);
  }

  private static void export(HttpExchange exchange) throws IOException {
    contentTypes.add(exchange.getRequestHeaders().getFirst("Content-Type"));
    ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(exchange.getRequestBody().readAllBytes());
    for (ResourceSpans resource : request.getResourceSpansList()) {
      for (ScopeSpans scope : resource.getScopeSpansList()) {
        scope.getSpansList().forEach(span -> received.add(new Received(span, scope.getSchemaUrl())));
      }
    }
    byte[] answer = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
    exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
    exchange.sendResponseHeaders(200, answer.length == 0 ? -1 : answer.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(answer);
    }
  }

  @Test
  void aChatTurnWithAToolCallReachesTheCollectorInTheGenAiConventions() throws Exception {
    model.enqueue(Reply.toolCalls(new ToolCall("call-7", "kb_search", "{\"query\": \"order for " + EMAIL + "\"}")),
        Reply.answer("I am sorry, I have asked the team to look into your order."));
    String sessionId;
    try (ChatClient client = ChatClient.connectAs(node.httpPort(), "acme", Optional.of("ada-lovelace"))) {
      sessionId = client.startNew();
      client.answerOf(client.say("c-1", QUESTION).get("turnId").asText());
    }
    // The answer's storing is the trace's last span: the turn's span ends before it.
    List<Received> trace = await("the turn's trace reached the collector").atMost(Duration.ofSeconds(15))
        .pollInterval(Duration.ofMillis(50)).until(() -> traceOf(sessionId), GenAiTracesOverOtlpTest::stored);
    assertTrue(contentTypes.stream().allMatch(type -> type.startsWith("application/x-protobuf")), contentTypes.toString());

    Received agent = only(trace, GenAi.INVOKE_AGENT);
    assertEquals("invoke_agent parley", agent.span().getName());
    assertEquals(Span.SpanKind.SPAN_KIND_INTERNAL, agent.span().getKind());
    assertEquals("parley", agent.attribute("gen_ai.agent.name"));
    assertEquals("acme", agent.attribute("gen_ai.agent.id"));
    assertEquals(sessionId, agent.attribute("gen_ai.conversation.id"));
    assertEquals(sessionId, agent.attribute("parley.session_id"), "the old name stays for a release");
    assertEquals("openai", agent.attribute("gen_ai.provider.name"), "the API the turn's model is asked in");
    assertEquals("llama-3.3-70b", agent.attribute("gen_ai.request.model"), "the model the turn asks first");
    assertEquals(GenAi.SCHEMA_URL, agent.schemaUrl(), "the pinned conventions' version");
    Received admitted = trace.stream().filter(r -> r.span().getName().equals("session.user_message")
        && r.attribute("parley.admission").equals("admitted")).findFirst().orElseThrow();
    assertEquals(admitted.id(), agent.parent(), "the turn continues the message's trace");

    List<Received> chats = trace.stream().filter(r -> r.attribute("gen_ai.operation.name").equals(GenAi.CHAT)).toList();
    assertEquals(2, chats.size(), "asked for the tool, then for the answer");
    for (Received chat : chats) {
      assertEquals("chat llama-3.3-70b", chat.span().getName());
      assertEquals(Span.SpanKind.SPAN_KIND_CLIENT, chat.span().getKind());
      assertEquals(agent.id(), chat.parent(), "a model call is a child of the turn");
      assertEquals("openai", chat.attribute("gen_ai.provider.name"), "the conventions' name of the API asked");
      assertEquals("test-model", chat.attribute("parley.llm.provider"), "the provider as configured");
      assertEquals("127.0.0.1", chat.attribute("server.address"));
      assertEquals(String.valueOf(model.baseUrl().getPort()), chat.attribute("server.port"));
      assertEquals("llama-3.3-70b", chat.attribute("gen_ai.request.model"));
      assertEquals("llama-3.3-70b", chat.attribute("gen_ai.response.model"), "the model the server said answered");
      assertTrue(Long.parseLong(chat.attribute("gen_ai.usage.input_tokens")) > 0, chat.span().toString());
      assertTrue(Long.parseLong(chat.attribute("gen_ai.usage.output_tokens")) > 0, chat.span().toString());
    }
    assertEquals(List.of("[stop]", "[tool_calls]"),
        chats.stream().map(chat -> chat.attribute("gen_ai.response.finish_reasons")).sorted().toList());

    Received tool = only(trace, GenAi.EXECUTE_TOOL);
    assertEquals("execute_tool kb_search", tool.span().getName());
    assertEquals(agent.id(), tool.parent(), "a tool call is a child of the turn");
    assertEquals("kb_search", tool.attribute("gen_ai.tool.name"));
    assertEquals("call-7", tool.attribute("gen_ai.tool.call.id"));
    assertEquals("function", tool.attribute("gen_ai.tool.type"));
    assertEquals(sessionId, tool.attribute("gen_ai.conversation.id"));

    String everything = trace.stream()
        .map(r -> r.span().getName() + " " + r.span().getAttributesList().stream()
            .map(kv -> kv.getKey() + "=" + text(kv.getValue())).collect(Collectors.joining(" ")))
        .collect(Collectors.joining("\n")).toLowerCase();
    for (String typed : List.of(EMAIL, "example.org", "never arrived", "ada-lovelace", "look into your order")) {
      assertFalse(everything.contains(typed), "the exported trace carries '" + typed + "':\n" + everything);
    }
  }

  private static Received only(List<Received> trace, String operation) {
    List<Received> found = trace.stream().filter(r -> r.attribute("gen_ai.operation.name").equals(operation)).toList();
    assertEquals(1, found.size(), operation + " in " + trace.stream().map(r -> r.span().getName()).toList());
    return found.get(0);
  }

  /** The spans received so far of the trace whose turn is in conversation {@code sessionId}. */
  private static List<Received> traceOf(String sessionId) {
    return received.stream().filter(r -> r.attribute("gen_ai.conversation.id").equals(sessionId)
            && r.attribute("gen_ai.operation.name").equals(GenAi.INVOKE_AGENT)).findFirst()
        .map(agent -> received.stream().filter(r -> r.trace().equals(agent.trace())).toList()).orElse(List.of());
  }

  private static boolean stored(List<Received> trace) {
    return trace.stream().anyMatch(r -> r.span().getName().equals("session.store_answer"));
  }

  /** An attribute's value as text; an array's as {@code [a, b]}. */
  private static String text(AnyValue value) {
    return switch (value.getValueCase()) {
      case STRING_VALUE -> value.getStringValue();
      case INT_VALUE -> Long.toString(value.getIntValue());
      case BOOL_VALUE -> Boolean.toString(value.getBoolValue());
      case DOUBLE_VALUE -> Double.toString(value.getDoubleValue());
      case ARRAY_VALUE -> value.getArrayValue().getValuesList().stream().map(GenAiTracesOverOtlpTest::text)
          .collect(Collectors.joining(", ", "[", "]"));
      default -> value.toString();
    };
  }
}
