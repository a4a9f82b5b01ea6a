package io.parley.core.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.core.llm.testing.FakeChatCompletionsServer;
import io.parley.core.llm.testing.RecordedRequest;
import io.parley.core.llm.testing.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Tool calling through {@link OpenAiCompatibleClient}: what it sends, and what it makes of the answers. */
class OpenAiCompatibleClientToolsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final LlmClientSettings FAST = OpenAiCompatibleClientTest.FAST;
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

  @Test
  void assemblesACallWhoseArgumentsArriveInPiecesAndKeepsItFromTheListener() throws Exception {
    server.enqueue(Reply.rawEvents(events(
        toolCallChunk("{\"index\":0,\"id\":\"call_a\",\"type\":\"function\",\"function\":{\"name\":\"fetch_status\",\"arguments\":\"\"}}"),
        toolCallChunk("{\"index\":0,\"function\":{\"arguments\":\"{\\\"order\"}}"),
        toolCallChunk("{\"index\":0,\"function\":{\"arguments\":\"\\\":\\\"A1\\\"}\"}}"),
        finishChunk("tool_calls"))));

    LlmAnswer answer = answer(ASK.withTools(List.of(FETCH_STATUS)));

    assertEquals(List.of(new ToolCall("call_a", "fetch_status", "{\"order\":\"A1\"}")), answer.toolCalls());
    assertTrue(answer.hasToolCalls());
    assertEquals("", answer.text());
    assertEquals("tool_calls", answer.finishReason());
    assertEquals(List.of(), deltas);
  }

  @Test
  void assemblesTwoInterleavedCallsInOneAnswer() throws Exception {
    server.enqueue(Reply.rawEvents(events(
        toolCallChunk("{\"index\":0,\"id\":\"call_a\",\"type\":\"function\",\"function\":{\"name\":\"fetch_status\",\"arguments\":\"\"}}"),
        toolCallChunk("{\"index\":1,\"id\":\"call_b\",\"type\":\"function\",\"function\":{\"name\":\"fetch_status\",\"arguments\":\"{\\\"order\"}}"),
        toolCallChunk("{\"index\":0,\"function\":{\"arguments\":\"{\\\"order\\\":\"}}"),
        toolCallChunk("{\"index\":1,\"function\":{\"arguments\":\"\\\":\\\"B2\\\"}\"}}"),
        toolCallChunk("{\"index\":0,\"function\":{\"arguments\":\"\\\"A1\\\"}\"}}"),
        finishChunk("tool_calls"))));

    LlmAnswer answer = answer(ASK.withTools(List.of(FETCH_STATUS)));

    assertFetchesA1ThenB2(answer, "call_a", "call_b");
  }

  @Test
  void takesCallsSentWholeInOneChunkWithFinishReasonStop() throws Exception {
    server.enqueue(Reply.rawEvents(events(
        "{\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":["
            + "{\"id\":\"call_x\",\"index\":0,\"type\":\"function\",\"function\":{\"name\":\"fetch_status\",\"arguments\":\"{\\\"order\\\":\\\"A1\\\"}\"}}]},"
            + "\"finish_reason\":null}]}",
        "{\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":["
            + "{\"id\":\"call_y\",\"index\":0,\"type\":\"function\",\"function\":{\"name\":\"fetch_status\",\"arguments\":\"{\\\"order\\\":\\\"B2\\\"}\"}}]},"
            + "\"finish_reason\":null}]}",
        finishChunk("stop"))));

    LlmAnswer answer = answer(ASK.withTools(List.of(FETCH_STATUS)));

    assertFetchesA1ThenB2(answer, "call_x", "call_y");
    assertEquals("stop", answer.finishReason());
  }

  @Test
  void streamsTheTextOfAnAnswerThatAlsoCallsATool() throws Exception {
    server.enqueue(Reply.rawEvents(events(
        "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Let me\"}}]}",
        "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\" check.\"}}]}",
        toolCallChunk("{\"index\":0,\"id\":\"call_a\",\"type\":\"function\",\"function\":{\"name\":\"fetch_status\",\"arguments\":\"{}\"}}"),
        finishChunk("tool_calls"))));

    LlmAnswer answer = answer(ASK.withTools(List.of(FETCH_STATUS)));

    assertEquals(List.of("Let me", " check."), deltas);
    assertEquals("Let me check.", answer.text());
    assertEquals(List.of(new ToolCall("call_a", "fetch_status", "{}")), answer.toolCalls());
  }

  @Test
  void passesMalformedArgumentsOnAsTheyCame() throws Exception {
    server.enqueue(Reply.rawEvents(events(
        toolCallChunk("{\"index\":0,\"id\":\"call_a\",\"function\":{\"name\":\"fetch_status\",\"arguments\":\"{\\\"order\\\": A1,\"}}"),
        finishChunk("tool_calls"))));

    assertEquals(List.of(new ToolCall("call_a", "fetch_status", "{\"order\": A1,")),
        answer(ASK.withTools(List.of(FETCH_STATUS))).toolCalls());
  }

  @Test
  void aCallWithoutANameIsABadResponseAndIsNotRetried() throws Exception {
    server.enqueue(Reply.rawEvents(events(
        toolCallChunk("{\"index\":0,\"id\":\"call_a\",\"function\":{\"arguments\":\"{}\"}}"),
        finishChunk("tool_calls"))));

    LlmException failure = failure(ASK.withTools(List.of(FETCH_STATUS)));

    assertEquals(LlmException.Kind.BAD_RESPONSE, failure.kind());
    assertTrue(failure.getMessage().contains("has no name"), failure.getMessage());
    assertEquals(1, server.requestCount());
  }

  @Test
  void aCallWithoutAnIdIsABadResponse() throws Exception {
    server.enqueue(Reply.rawEvents(events(
        "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Checking.\"}}]}",
        toolCallChunk("{\"index\":0,\"function\":{\"name\":\"fetch_status\",\"arguments\":\"{}\"}}"),
        finishChunk("tool_calls"))));

    LlmException failure = failure(ASK.withTools(List.of(FETCH_STATUS)));

    assertEquals(LlmException.Kind.BAD_RESPONSE, failure.kind());
    assertTrue(failure.getMessage().contains("has no id"), failure.getMessage());
    assertEquals(List.of("Checking."), deltas);
  }

  @Test
  void retriesAStreamThatBrokeAfterOnlyToolCallFragments() throws Exception {
    server.enqueue(Reply.rawEvents(
        "data: " + toolCallChunk("{\"index\":0,\"id\":\"call_a\",\"function\":{\"name\":\"fetch_status\",\"arguments\":\"{\\\"ord\"}}")
            + "\n\n"));

    LlmAnswer answer = answer(ASK.withTools(List.of(FETCH_STATUS)));

    assertEquals(2, answer.attempts());
    assertEquals(List.of(), answer.toolCalls());
    assertEquals("You said: where is A1", answer.text());
  }

  @Test
  void neverRetriesAStreamThatBrokeAfterTextEvenInAToolCall() throws Exception {
    server.enqueue(Reply.rawEvents(
        "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Checking.\"}}]}\n\n"
            + "data: " + toolCallChunk("{\"index\":0,\"id\":\"call_a\",\"function\":{\"name\":\"fetch_status\",\"arguments\":\"{\"}}")
            + "\n\n"));

    LlmException failure = failure(ASK.withTools(List.of(FETCH_STATUS)));

    assertEquals(LlmException.Kind.STREAM_BROKEN, failure.kind());
    assertEquals(1, server.requestCount());
  }

  @Test
  void toolCallsThatAreNotAnArrayAreABadResponse() throws Exception {
    server.enqueue(Reply.rawEvents(events(
        "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":{\"id\":\"call_a\"}}}]}", finishChunk("tool_calls"))));

    assertEquals(LlmException.Kind.BAD_RESPONSE, failure(ASK.withTools(List.of(FETCH_STATUS))).kind());
  }

  @Test
  void readsTheFakeServersToolCallsInEveryLayout() throws Exception {
    ToolCall first = new ToolCall("call_1", "fetch_status", "{\"order\":\"A1\",\"verbose\":true}");
    ToolCall second = new ToolCall("call_2", "list_orders", "{}");
    server.enqueue(
        Reply.toolCalls(first, second),
        Reply.toolCalls(first, second).interleaved(),
        Reply.toolCalls(first, second).inWholeChunks().withFinishReason("stop"));

    for (int i = 0; i < 3; i++) {
      LlmAnswer answer = answer(ASK.withTools(List.of(FETCH_STATUS)));
      assertEquals(List.of(first, second), answer.toolCalls(), "reply " + (i + 1));
      assertEquals(i < 2 ? "tool_calls" : "stop", answer.finishReason());
    }
    assertEquals(List.of(), deltas);
  }

  @Test
  void streamsTheFakeServersTextBeforeItsToolCalls() throws Exception {
    ToolCall call = new ToolCall("call_1", "fetch_status", "{\"order\":\"A1\"}");
    server.enqueue(Reply.toolCalls(call).withText("Let me check that."));

    LlmAnswer answer = answer(ASK.withTools(List.of(FETCH_STATUS)));

    assertEquals(FakeChatCompletionsServer.chunksOf("Let me check that."), deltas);
    assertEquals("Let me check that.", answer.text());
    assertEquals(List.of(call), answer.toolCalls());
  }

  @Test
  void retriesWhenTheConnectionDropsInTheMiddleOfAToolCall() throws Exception {
    ToolCall call = new ToolCall("call_1", "fetch_status", "{\"order\":\"A1\"}");
    server.enqueue(Reply.toolCalls(call).disconnectingAfter(2), Reply.toolCalls(call));

    LlmAnswer answer = answer(ASK.withTools(List.of(FETCH_STATUS)));

    assertEquals(2, answer.attempts());
    assertEquals(List.of(call), answer.toolCalls());
  }

  /** The loop a tool registry will run: the model calls a tool, gets its result, then answers. */
  @Test
  void aModelCallsAToolGetsItsResultAndAnswersInText() throws Exception {
    ToolCall call = new ToolCall("call_1", "fetch_status", "{\"order\":\"A1\"}");
    server.enqueue(Reply.toolCalls(call), Reply.answer("Your order A1 has shipped."));
    LlmRequest first = ASK.withTools(List.of(FETCH_STATUS));

    LlmAnswer calling = answer(first);
    List<PromptMessage> followUp = new ArrayList<>(first.messages());
    followUp.add(PromptMessage.assistantToolCalls(calling.text(), calling.toolCalls()));
    followUp.add(PromptMessage.toolResult(call.id(), "{\"status\":\"shipped\"}"));
    LlmAnswer answered = answer(new LlmRequest(followUp, 64, 0.2).withTools(List.of(FETCH_STATUS)));

    assertEquals(List.of(call), calling.toolCalls());
    assertEquals("Your order A1 has shipped.", answered.text());
    assertEquals(List.of(), answered.toolCalls());
    RecordedRequest second = server.lastRequest();
    assertEquals(List.of("fetch_status"), second.toolNames());
    assertEquals(Optional.of("{\"status\":\"shipped\"}"), second.toolResult("call_1"));
    assertEquals(List.of(call), second.messages().get(2).toolCalls());
  }

  private LlmAnswer answer(LlmRequest request) throws Exception {
    return client.stream(request, deltas::add).result().toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  private LlmException failure(LlmRequest request) throws Exception {
    try {
      LlmAnswer unexpected = answer(request);
      return fail("expected a failure, got " + unexpected);
    } catch (ExecutionException e) {
      return assertInstanceOf(LlmException.class, e.getCause());
    }
  }

  private static String toolCallChunk(String toolCall) {
    return "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[" + toolCall + "]},\"finish_reason\":null}]}";
  }

  private static String finishChunk(String reason) {
    return "{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"" + reason + "\"}]}";
  }

  /** Each chunk as a data event, then {@code [DONE]}. */
  private static String events(String... chunks) {
    StringBuilder body = new StringBuilder();
    for (String chunk : chunks) {
      body.append("data: ").append(chunk).append("\n\n");
    }
    return body.append("data: [DONE]\n\n").toString();
  }

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (Exception e) {
      throw new IllegalArgumentException(text, e);
    }
  }

  /** Asserts that {@code answer} fetches the status of order A1, as {@code firstId}, then of B2, as {@code secondId}. */
  private static void assertFetchesA1ThenB2(LlmAnswer answer, String firstId, String secondId) {
    assertEquals(List.of(new ToolCall(firstId, "fetch_status", "{\"order\":\"A1\"}"),
        new ToolCall(secondId, "fetch_status", "{\"order\":\"B2\"}")), answer.toolCalls());
  }
}
