package io.parley.core.llm.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.parley.core.llm.PromptMessage;
import io.parley.core.llm.ToolCall;
import io.parley.core.llm.ToolSpec;
import java.net.URI;
import java.time.Duration;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Pins the wire format, independently of our client, since other modules' tests rely on it. */
class FakeChatCompletionsServerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String REQUEST = "{\"model\":\"m1\",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
      + "\"messages\":[{\"role\":\"system\",\"content\":\"Be kind\"},{\"role\":\"user\",\"content\":\"hi you\"}]}";

  private final FakeChatCompletionsServer server = FakeChatCompletionsServer.start();
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void streamsOpenAiChunksThenUsageThenDone() throws Exception {
    HttpResponse<String> response = post(server.baseUrl().resolve("/v1/chat/completions"), REQUEST);

    assertEquals(200, response.statusCode());
    assertEquals(Optional.of("text/event-stream"), response.headers().firstValue("Content-Type"));
    List<String> data = new ArrayList<>();
    for (String event : response.body().split("\n\n")) {
      assertTrue(event.startsWith("data: "), event);
      data.add(event.substring("data: ".length()));
    }
    assertEquals("[DONE]", data.get(data.size() - 1));
    List<JsonNode> chunks = new ArrayList<>();
    for (String each : data.subList(0, data.size() - 1)) {
      chunks.add(JSON.readTree(each));
    }
    for (JsonNode chunk : chunks) {
      assertEquals("chat.completion.chunk", chunk.path("object").asText());
      assertEquals("m1", chunk.path("model").asText());
      assertTrue(chunk.path("id").asText().startsWith("chatcmpl-"));
    }
    assertEquals("assistant", chunks.get(0).at("/choices/0/delta/role").asText());
    StringBuilder text = new StringBuilder();
    chunks.subList(1, chunks.size() - 2).forEach(chunk -> text.append(chunk.at("/choices/0/delta/content").asText()));
    assertEquals("You said: hi you", text.toString());
    assertEquals("stop", chunks.get(chunks.size() - 2).at("/choices/0/finish_reason").asText());
    JsonNode usage = chunks.get(chunks.size() - 1);
    assertEquals(0, usage.path("choices").size());
    assertEquals(4, usage.at("/usage/prompt_tokens").asInt());
    assertEquals(4, usage.at("/usage/completion_tokens").asInt());
  }

  @Test
  void recordsRequestsAndFollowsTheScriptBeforeTheResponder() throws Exception {
    server.respondWith(request -> "custom");
    server.enqueue(Reply.error(429, "slow down").withRetryAfter(Duration.ofMillis(1500)));

    HttpResponse<String> limited = post(server.baseUrl().resolve("/v1/chat/completions"), REQUEST);
    HttpResponse<String> answered = post(server.baseUrl().resolve("/v1/chat/completions"), REQUEST);

    assertEquals(429, limited.statusCode());
    assertEquals(Optional.of("2"), limited.headers().firstValue("Retry-After"));
    assertEquals("slow down", JSON.readTree(limited.body()).at("/error/message").asText());
    assertTrue(answered.body().contains("\"content\":\"custom\""));
    assertEquals(2, server.requestCount());
    assertEquals("hi you", server.lastRequest().lastUserMessage());
    assertEquals(Optional.of("application/json"), server.lastRequest().header("content-type"));
  }

  @Test
  void streamsToolCallsAsOpenAiFragments() throws Exception {
    server.enqueue(Reply.toolCalls(
        new ToolCall("call_1", "fetch_status", "{\"order\":\"A1\"}"), new ToolCall("call_2", "list_orders", "{}")));

    List<JsonNode> chunks = chunks(post(server.baseUrl().resolve("/v1/chat/completions"), REQUEST).body());

    assertEquals("assistant", chunks.get(0).at("/choices/0/delta/role").asText());
    List<JsonNode> fragments = new ArrayList<>();
    for (JsonNode chunk : chunks.subList(1, chunks.size() - 2)) {
      JsonNode calls = chunk.at("/choices/0/delta/tool_calls");
      assertEquals(1, calls.size(), chunk.toString());
      fragments.add(calls.get(0));
    }
    assertEquals(JSON.readTree("{\"index\":0,\"id\":\"call_1\",\"type\":\"function\","
        + "\"function\":{\"name\":\"fetch_status\",\"arguments\":\"\"}}"), fragments.get(0));
    assertEquals(List.of("{\"ord", "er\":\"", "A1\"}"),
        fragments.subList(1, 4).stream().map(fragment -> fragment.at("/function/arguments").asText()).toList());
    fragments.subList(1, 4).forEach(fragment -> {
      assertEquals(0, fragment.path("index").asInt());
      assertTrue(!fragment.has("id") && !fragment.path("function").has("name"), fragment.toString());
    });
    assertEquals("call_2", fragments.get(4).path("id").asText());
    assertEquals(1, fragments.get(4).path("index").asInt());
    assertEquals("tool_calls", chunks.get(chunks.size() - 2).at("/choices/0/finish_reason").asText());
    assertEquals(fragments.size(), chunks.get(chunks.size() - 1).at("/usage/completion_tokens").asInt());
  }

  @Test
  void cutsToolCallsInterleavedOrWhole() {
    Reply.ToolCallAnswer two = Reply.toolCalls(new ToolCall("a", "f", "123456"), new ToolCall("b", "g", "{}"));

    List<String> interleaved = FakeChatCompletionsServer.toolCallChunks(two.interleaved()).stream()
        .map(chunk -> chunk.get(0).path("index").asInt() + ":" + chunk.get(0).at("/function/arguments").asText())
        .toList();
    List<ArrayNode> whole = FakeChatCompletionsServer.toolCallChunks(two.inWholeChunks());

    assertEquals(List.of("0:", "1:", "0:12", "1:{", "0:34", "1:}", "0:56"), interleaved);
    assertEquals(2, whole.size());
    assertEquals("123456", whole.get(0).get(0).at("/function/arguments").asText());
    assertEquals("g", whole.get(1).get(0).at("/function/name").asText());
  }

  @Test
  void recordsTheToolsAndToolMessagesOfARequest() throws Exception {
    post(server.baseUrl().resolve("/v1/chat/completions"), "{\"model\":\"m1\",\"stream\":true,"
        + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"fetch_status\",\"parameters\":{\"type\":\"object\"}}}],"
        + "\"tool_choice\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"where is A1\"},"
        + "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"call_1\",\"type\":\"function\","
        + "\"function\":{\"name\":\"fetch_status\",\"arguments\":\"{}\"}}]},"
        + "{\"role\":\"tool\",\"tool_call_id\":\"call_1\",\"content\":\"shipped\"}]}");

    RecordedRequest request = server.lastRequest();
    assertEquals(List.of(new ToolSpec("fetch_status", "", JSON.readTree("{\"type\":\"object\"}"))), request.tools());
    assertEquals(Optional.of("auto"), request.toolChoice());
    assertEquals(List.of(PromptMessage.toolResult("call_1", "shipped")), request.toolResults());
    assertEquals(PromptMessage.assistantToolCalls(List.of(new ToolCall("call_1", "fetch_status", "{}"))),
        request.messages().get(1));
    assertEquals("where is A1", request.lastUserMessage());
  }

  @Test
  void answersOtherPathsWith404WithoutRecordingThem() throws Exception {
    assertEquals(404, post(server.baseUrl().resolve("/v1/completions"), REQUEST).statusCode());
    assertEquals(0, server.requestCount());
  }

  @Test
  void splitsAnswersBeforeWhitespace() {
    assertEquals(List.of("a", " b", "\n\nc"), FakeChatCompletionsServer.chunksOf("a b\n\nc"));
    assertEquals(List.of(), FakeChatCompletionsServer.chunksOf(""));
    assertEquals("http://127.0.0.1:" + server.baseUrl().getPort() + "/v1", server.baseUrl().toString());
  }

  private static List<JsonNode> chunks(String body) throws Exception {
    List<JsonNode> chunks = new ArrayList<>();
    for (String event : body.split("\n\n")) {
      String data = event.substring("data: ".length());
      if (!data.equals("[DONE]")) chunks.add(JSON.readTree(data));
    }
    return chunks;
  }

  private HttpResponse<String> post(URI url, String body) throws Exception {
    return http.send(HttpRequest.newBuilder(url)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
