package io.parley.http.mcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.stream.Materializer;

/**
 * A REST route's answer as a tool's result: a success's JSON object is the structured result, and its text the one
 * text item (for clients that read no structured result); an error ({@code {"error": {"code", "message"}}}) is an
 * error result whose text is its status, code and message, which the model can read and act on.
 */
record ToolResults(ObjectMapper json, Materializer materializer) {
  /** How long a route's answer may take to arrive whole: they are built in memory, so at once. */
  private static final long STRICT_MILLIS = 10_000;

  CompletionStage<CallToolResult> of(HttpResponse response) {
    return response.entity().toStrict(STRICT_MILLIS, materializer)
        .thenApply(strict -> of(response.status().intValue(), strict.getData().utf8String()));
  }

  /** An error result with {@code text}: a call the tool refuses before any route is asked. */
  static CallToolResult error(String text) {
    return CallToolResult.builder().addTextContent(text).isError(true).build();
  }

  private CallToolResult of(int status, String body) {
    try {
      if (status >= 200 && status < 300) {
        return CallToolResult.builder().addTextContent(body).structuredContent(json.readValue(body, Map.class)).build();
      }
      JsonNode error = json.readTree(body).path("error");
      return error(status + " " + error.path("code").asText() + ": " + error.path("message").asText());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a route answered " + status + " with a body that is no JSON object", e);
    }
  }
}
