package io.parley.core.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.core.llm.testing.FakeChatCompletionsServer;
import io.parley.core.llm.testing.RecordedRequest;
import io.parley.core.retry.Backoff;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Tool calling through {@link OpenAiCompatibleClient}: what it sends, and what it makes of the answers. */
class OpenAiCompatibleClientToolsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final LlmClientSettings FAST = new LlmClientSettings(
      Duration.ofSeconds(1),
      Duration.ofMillis(500),
      Duration.ofMillis(300),
      3,
      new Backoff(Duration.ofMillis(5), Duration.ofMillis(20), 2.0, 0.0));
  private static final String FETCH_STATUS_SCHEMA =
      "{\"type\":\"object\",\"properties\":{\"order\":{\"type\":\"string\"}},\"required\":[\"order\"]}";
  private static final ToolSpec FETCH_STATUS = new ToolSpec("fetch_status", "Looks up an order.", json(FETCH_STATUS_SCHEMA));
  private static final LlmRequest ASK =
      new LlmRequest(List.of(PromptMessage.system("Be brief."), PromptMessage.user("where is A1")), 64, 0.2);

  private final FakeChatCompletionsServer server = FakeChatCompletionsServer.start();
  private final List<String> deltas = new CopyOnWriteArrayList<>();
  private final OpenAiCompatibleClient client = new OpenAiCompatibleClient(
      new LlmEndpoint("fake", server.baseUrl(), "test-model", Optional.empty()), FAST);

  @AfterEach
  void stop() {
    client.close();
    server.close();
  }

  @Test
  void sendsToolsAsOpenAiFunctionsAndLeavesTheAutoChoiceOut() throws Exception {
    ToolSpec noDescription = new ToolSpec("list_orders", "", json("{\"type\":\"object\",\"properties\":{}}"));

    answer(ASK.withTools(List.of(FETCH_STATUS, noDescription)));

    RecordedRequest request = server.lastRequest();
    assertEquals(json("[{\"type\":\"function\",\"function\":{\"name\":\"fetch_status\","
            + "\"description\":\"Looks up an order.\",\"parameters\":" + FETCH_STATUS_SCHEMA + "}},"
            + "{\"type\":\"function\",\"function\":{\"name\":\"list_orders\","
            + "\"parameters\":{\"type\":\"object\",\"properties\":{}}}}]"),
        request.body().path("tools"));
    assertFalse(request.body().has("tool_choice"));
    assertEquals(List.of(FETCH_STATUS, noDescription), request.tools());
  }

  @Test
  void sendsNoToolsFieldWithoutTools() throws Exception {
    answer(ASK);

    JsonNode body = server.lastRequest().body();
    assertFalse(body.has("tools"));
    assertFalse(body.has("tool_choice"));
    assertEquals(List.of(), server.lastRequest().tools());
  }

  @Test
  void sendsAToolChoiceOtherThanAuto() throws Exception {
    answer(new LlmRequest(ASK.messages(), 64, 0.2, List.of(FETCH_STATUS), ToolChoice.REQUIRED));

    assertEquals(Optional.of("required"), server.lastRequest().toolChoice());
  }

  @Test
  void sendsToolCallsAndToolResultsInTheOpenAiMessageFormat() throws Exception {
    ToolCall first = new ToolCall("call_1", "fetch_status", "{\"order\":\"A1\"}");
    ToolCall second = new ToolCall("call_2", "fetch_status", "{\"order\":\"B2\"}");
    List<PromptMessage> messages = List.of(
        PromptMessage.user("where are A1 and B2"),
        PromptMessage.assistantToolCalls(List.of(first, second)),
        PromptMessage.toolResult("call_1", "{\"status\":\"shipped\"}"),
        PromptMessage.toolResult("call_2", "{\"status\":\"packed\"}"),
        PromptMessage.assistantToolCalls("One more look.", List.of(new ToolCall("call_3", "list_orders", ""))),
        PromptMessage.toolResult("call_3", "[]"));

    answer(new LlmRequest(messages, 64, 0.2).withTools(List.of(FETCH_STATUS)));

    RecordedRequest request = server.lastRequest();
    assertEquals(json("["
            + "{\"role\":\"user\",\"content\":\"where are A1 and B2\"},"
            + "{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":["
            + "{\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"fetch_status\",\"arguments\":\"{\\\"order\\\":\\\"A1\\\"}\"}},"
            + "{\"id\":\"call_2\",\"type\":\"function\",\"function\":{\"name\":\"fetch_status\",\"arguments\":\"{\\\"order\\\":\\\"B2\\\"}\"}}]},"
            + "{\"role\":\"tool\",\"tool_call_id\":\"call_1\",\"content\":\"{\\\"status\\\":\\\"shipped\\\"}\"},"
            + "{\"role\":\"tool\",\"tool_call_id\":\"call_2\",\"content\":\"{\\\"status\\\":\\\"packed\\\"}\"},"
            + "{\"role\":\"assistant\",\"content\":\"One more look.\",\"tool_calls\":["
            + "{\"id\":\"call_3\",\"type\":\"function\",\"function\":{\"name\":\"list_orders\",\"arguments\":\"{}\"}}]},"
            + "{\"role\":\"tool\",\"tool_call_id\":\"call_3\",\"content\":\"[]\"}]"),
        request.body().path("messages"));
    assertEquals(messages.subList(0, 4), request.messages().subList(0, 4));
    assertEquals(List.of("call_1", "call_2", "call_3"),
        request.toolResults().stream().map(result -> result.toolCallId().orElseThrow()).toList());
    assertEquals(Optional.of("{\"status\":\"packed\"}"), request.toolResult("call_2"));
    assertEquals(Optional.empty(), request.toolResult("call_9"));
  }

  private LlmAnswer answer(LlmRequest request) throws Exception {
    return client.stream(request, deltas::add).result().toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (Exception e) {
      throw new IllegalArgumentException(text, e);
    }
  }
}
