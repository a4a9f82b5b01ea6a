package io.parley.core.llm.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.core.llm.PromptMessage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A request {@link FakeChatCompletionsServer} received on {@code /v1/chat/completions}.
 *
 * @param headers header names are case-insensitive, as in HTTP
 * @param body the parsed JSON body; treat it as read-only
 */
public record RecordedRequest(String method, String path, Map<String, List<String>> headers, JsonNode body) {
  public RecordedRequest {
    Map<String, List<String>> caseInsensitive = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.forEach((name, values) -> caseInsensitive.put(name, List.copyOf(values)));
    headers = Collections.unmodifiableMap(caseInsensitive);
  }

  public Optional<String> header(String name) {
    return Optional.ofNullable(headers.get(name)).flatMap(values -> values.stream().findFirst());
  }

  public String model() {
    return body.path("model").asText();
  }

  public boolean stream() {
    return body.path("stream").asBoolean(false);
  }

  /** Whether the client asked for a usage chunk ({@code "stream_options": {"include_usage": true}}). */
  public boolean includeUsage() {
    return body.path("stream_options").path("include_usage").asBoolean(false);
  }

  public List<PromptMessage> messages() {
    List<PromptMessage> messages = new ArrayList<>();
    for (JsonNode message : body.path("messages")) {
      messages.add(new PromptMessage(message.path("role").asText(), message.path("content").asText()));
    }
    return List.copyOf(messages);
  }

  /** The content of the last {@code user} message, or "" when there is none. */
  public String lastUserMessage() {
    List<PromptMessage> messages = messages();
    for (int i = messages.size() - 1; i >= 0; i--) {
      if ("user".equals(messages.get(i).role())) return messages.get(i).content();
    }
    return "";
  }
}
