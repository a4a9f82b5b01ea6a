package io.parley.core.llm.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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

  private HttpResponse<String> post(URI url, String body) throws Exception {
    return http.send(HttpRequest.newBuilder(url)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
