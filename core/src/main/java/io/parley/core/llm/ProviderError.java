package io.parley.core.llm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An error a model server reported, as a non-2xx response or inside a stream, reduced to a short
 * message. Speech servers (OpenAI's audio endpoints, ElevenLabs) report theirs in the same shapes,
 * so their clients use {@link #describe} too.
 */
public record ProviderError(LlmException.Kind kind, String message) {
  /** Error bodies can be whole HTML pages from a proxy; the message only has to identify the cause. */
  static final int MAX_MESSAGE_CHARS = 300;

  static ProviderError ofResponse(int status, String body, ObjectMapper json) {
    return new ProviderError(kindForStatus(status), "HTTP " + status + ": " + describe(body, json));
  }

  /**
   * vLLM, Ollama and recent llama.cpp report a failure after a 200 OK as a chunk
   * {@code {"error":{...,"code":400}}}; the code, when present, says whose fault it is.
   */
  static ProviderError ofStreamedError(JsonNode chunk) {
    JsonNode error = chunk.path("error");
    int code = error.path("code").asInt(chunk.path("code").asInt(500));
    return new ProviderError(kindForStatus(code), "error in stream: " + truncate(describe(chunk)));
  }

  static LlmException.Kind kindForStatus(int status) {
    if (status == 429) return LlmException.Kind.RATE_LIMITED;
    if (status >= 500) return LlmException.Kind.SERVER_ERROR;
    return LlmException.Kind.REJECTED;
  }

  /** The message servers put in their error bodies, or the body itself when it has none, on one short line. */
  public static String describe(String body, ObjectMapper json) {
    try {
      return truncate(describe(json.readTree(body)));
    } catch (JsonProcessingException notJson) {
      return truncate(body);
    }
  }

  LlmException toException(Optional<Duration> retryAfter) {
    return new LlmException(kind, message, null, retryAfter);
  }

  private static String describe(JsonNode body) {
    JsonNode error = body.path("error");
    if (error.isTextual()) return error.asText(); // Ollama's native form
    if (error.path("message").isTextual()) return error.path("message").asText(); // OpenAI, vLLM, llama.cpp
    List<String> messages = new ArrayList<>();
    for (JsonNode each : body.path("errors")) { // Cloudflare's API envelope
      messages.add(each.path("message").asText(each.toString()));
    }
    if (!messages.isEmpty()) return String.join("; ", messages);
    if (body.path("message").isTextual()) return body.path("message").asText(); // older vLLM
    JsonNode detail = body.path("detail"); // FastAPI servers (speaches, LocalAI), ElevenLabs
    if (detail.isTextual()) return detail.asText();
    if (detail.path("message").isTextual()) return detail.path("message").asText();
    return body.toString();
  }

  private static String truncate(String text) {
    String oneLine = text.strip().replaceAll("\\s+", " ");
    return oneLine.length() <= MAX_MESSAGE_CHARS ? oneLine : oneLine.substring(0, MAX_MESSAGE_CHARS) + "…";
  }
}
