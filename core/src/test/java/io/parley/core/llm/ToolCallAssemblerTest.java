package io.parley.core.llm;

import io.parley.core.net.ServerSentEvent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Each case is the {@code delta.tool_calls} of successive chunks, as a server sends them. */
class ToolCallAssemblerTest {
  private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  @Test
  void openAiSendsTheIdAndNameFirstThenArgumentPieces() {
    assertEquals(List.of(new ToolCall("call_a", "fetch_status", "{\"order\":\"A1\"}")), assemble(
        "[{\"index\":0,\"id\":\"call_a\",\"type\":\"function\",\"function\":{\"name\":\"fetch_status\",\"arguments\":\"\"}}]",
        "[{\"index\":0,\"function\":{\"arguments\":\"{\\\"ord\"}}]",
        "[{\"index\":0,\"function\":{\"arguments\":\"er\\\":\\\"A1\\\"}\"}}]"));
  }

  @Test
  void interleavedCallsAreKeptApartByIndex() {
    assertEquals(List.of(new ToolCall("call_a", "f", "{\"x\":1}"), new ToolCall("call_b", "g", "{\"y\":2}")), assemble(
        "[{\"index\":0,\"id\":\"call_a\",\"function\":{\"name\":\"f\",\"arguments\":\"\"}},"
            + "{\"index\":1,\"id\":\"call_b\",\"function\":{\"name\":\"g\",\"arguments\":\"{\\\"y\\\"\"}}]",
        "[{\"index\":0,\"function\":{\"arguments\":\"{\\\"x\\\"\"}}]",
        "[{\"index\":1,\"function\":{\"arguments\":\":2}\"}}]",
        "[{\"index\":0,\"function\":{\"arguments\":\":1}\"}}]"));
  }

  @Test
  void ollamaSendsEveryCallWholeAtIndexZeroWithItsOwnId() {
    assertEquals(List.of(new ToolCall("call_x", "f", "{\"a\":1}"), new ToolCall("call_y", "f", "{\"a\":2}")), assemble(
        "[{\"id\":\"call_x\",\"index\":0,\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"{\\\"a\\\":1}\"}}]",
        "[{\"id\":\"call_y\",\"index\":0,\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"{\\\"a\\\":2}\"}}]"));
  }

  @Test
  void olderOllamaSendsNoIndexAtAll() {
    assertEquals(List.of(new ToolCall("call_x", "f", "{}"), new ToolCall("call_y", "g", "{}")), assemble(
        "[{\"id\":\"call_x\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}},"
            + "{\"id\":\"call_y\",\"type\":\"function\",\"function\":{\"name\":\"g\",\"arguments\":\"{}\"}}]"));
  }

  @Test
  void withNeitherIndexNorIdANameStartsTheNextCall() {
    assertEquals(List.of(new ToolCall("c1", "f", "{\"a\":1}"), new ToolCall("c2", "g", "{}")), assemble(
        "[{\"id\":\"c1\",\"function\":{\"name\":\"f\",\"arguments\":\"{\\\"a\\\"\"}}]",
        "[{\"function\":{\"arguments\":\":1}\"}}]",
        "[{\"function\":{\"name\":\"g\",\"arguments\":\"{}\"}}]",
        "[{\"id\":\"c2\"}]"));
  }

  @Test
  void sglangRepeatsTheIdOnEveryFragmentAndReusesTheIndex() {
    assertEquals(List.of(new ToolCall("0", "f", "{\"a\":1}"), new ToolCall("1", "g", "{}")), assemble(
        "[{\"index\":0,\"id\":\"0\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"\"}}]",
        "[{\"index\":0,\"id\":\"0\",\"type\":\"function\",\"function\":{\"arguments\":\"{\\\"a\\\":1}\"}}]",
        "[{\"index\":0,\"id\":\"1\",\"type\":\"function\",\"function\":{\"name\":\"g\",\"arguments\":\"\"}}]",
        "[{\"index\":0,\"id\":\"1\",\"type\":\"function\",\"function\":{\"arguments\":\"{}\"}}]"));
  }

  @Test
  void vllmSendsAnEmptyIdAndNullNameOnLaterFragments() {
    assertEquals(List.of(new ToolCall("chatcmpl-tool-1", "f", "{\"a\":1}")), assemble(
        "[{\"index\":0,\"id\":\"chatcmpl-tool-1\",\"type\":\"function\",\"function\":{\"name\":\"f\"}}]",
        "[{\"index\":0,\"id\":\"\",\"type\":\"function\",\"function\":{\"name\":null,\"arguments\":\"{\\\"a\\\":\"}}]",
        "[{\"index\":0,\"id\":\"\",\"type\":\"function\",\"function\":{\"name\":null,\"arguments\":\"1}\"}}]"));
  }

  @Test
  void olderLlamaCppRepeatsTheNameAndKeepsTheIdInsideTheFunction() {
    assertEquals(List.of(new ToolCall("abc", "add_two_numbers", "{\"a\":1}")), assemble(
        "[{\"index\":0,\"function\":{\"id\":\"abc\",\"name\":\"add_two_numbers\",\"arguments\":\"{\\\"a\\\"\"}}]",
        "[{\"index\":0,\"function\":{\"id\":\"abc\",\"name\":\"add_two_numbers\",\"arguments\":\":1}\"}}]"));
  }

  @Test
  void workersAiClosesACallWithANullFragmentAndMaySendArgumentsAsAnObject() {
    assertEquals(List.of(new ToolCall("call_w", "f", "{\"city\":\"Paris\"}")), assemble(
        "[{\"index\":0,\"id\":\"call_w\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":{\"city\":\"Paris\"}}}]",
        "[{\"id\":null,\"type\":null,\"function\":{\"name\":null,\"arguments\":null}}]"));
  }

  @Test
  void aNameSentInPiecesIsJoined() {
    assertEquals(List.of(new ToolCall("c", "fetch_status", "{}")), assemble(
        "[{\"index\":0,\"id\":\"c\",\"function\":{\"name\":\"fetch_\"}}]",
        "[{\"index\":0,\"function\":{\"name\":\"status\",\"arguments\":\"{}\"}}]"));
  }

  @Test
  void argumentsArePassedOnAsTheModelWroteThem() {
    assertEquals(List.of(new ToolCall("c", "f", "{\"order\": A1")), assemble(
        "[{\"index\":0,\"id\":\"c\",\"function\":{\"name\":\"f\",\"arguments\":\"{\\\"order\\\": A1\"}}]"));
  }

  @Test
  void aCallWithoutANameOrAnIdIsAProblem() {
    ToolCallAssembler noName = assembler("[{\"index\":0,\"id\":\"c\",\"function\":{\"arguments\":\"{}\"}}]");
    ToolCallAssembler noId = assembler(
        "[{\"index\":0,\"id\":\"c\",\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}},"
            + "{\"index\":1,\"function\":{\"name\":\"g\",\"arguments\":\"{}\"}}]");

    assertEquals(Optional.of("tool call 1 of 1 has no name (name '', arguments '{}')"), noName.problem());
    assertTrue(noId.problem().orElseThrow().startsWith("tool call 2 of 2 has no id"), noId.problem().toString());
    assertThrows(IllegalStateException.class, noId::calls);
  }

  @Test
  void noFragmentsMeansNoCalls() {
    assertEquals(List.of(), assemble());
    assertEquals(Optional.empty(), assembler().problem());
  }

  @Test
  void toolCallsThatAreNotAnArrayOfObjectsAreMalformed() {
    assertInstanceOf(StreamChunk.Malformed.class, chunk("{\"index\":0}"));
    assertInstanceOf(StreamChunk.Malformed.class, chunk("[\"call\"]"));
    assertEquals(List.of(), assertInstanceOf(StreamChunk.Piece.class, chunk("null")).toolCalls());
  }

  private static List<ToolCall> assemble(String... toolCallsOfEachChunk) {
    ToolCallAssembler assembler = assembler(toolCallsOfEachChunk);
    assertEquals(Optional.empty(), assembler.problem());
    return assembler.calls();
  }

  private static ToolCallAssembler assembler(String... toolCallsOfEachChunk) {
    ToolCallAssembler assembler = new ToolCallAssembler();
    for (String toolCalls : toolCallsOfEachChunk) {
      assembler.accept(assertInstanceOf(StreamChunk.Piece.class, chunk(toolCalls)).toolCalls());
    }
    return assembler;
  }

  private static StreamChunk chunk(String toolCalls) {
    String data = "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":" + toolCalls + "},\"finish_reason\":null}]}";
    return StreamChunk.parse(ServerSentEvent.of("message", data), JSON);
  }
}
