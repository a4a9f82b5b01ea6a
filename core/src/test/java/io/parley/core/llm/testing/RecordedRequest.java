package io.parley.core.llm.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.parley.core.llm.PromptMessage;
import io.parley.core.llm.ToolCall;
import io.parley.core.llm.ToolSpec;
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

  /**
   * The messages, tool calls and tool results included. A missing or null content reads as "".
   *
   * @throws IllegalArgumentException when a message breaks {@link PromptMessage}'s rules, e.g. a
   *     tool result without a {@code tool_call_id}
   */
  public List<PromptMessage> messages() {
    List<PromptMessage> messages = new ArrayList<>();
    for (JsonNode message : body.path("messages")) {
      List<ToolCall> calls = new ArrayList<>();
      for (JsonNode call : message.path("tool_calls")) {
        JsonNode function = call.path("function");
        calls.add(new ToolCall(call.path("id").asText(), function.path("name").asText(), function.path("arguments").asText()));
      }
      JsonNode toolCallId = message.path("tool_call_id");
      // A content of parts (OpenAI's vision format): its text parts, and its images' URLs.
      JsonNode content = message.path("content");
      StringBuilder text = new StringBuilder(content.isTextual() ? content.asText() : "");
      List<String> images = new ArrayList<>();
      for (JsonNode part : content.isArray() ? content : List.<JsonNode>of()) {
        if ("text".equals(part.path("type").asText())) text.append(part.path("text").asText());
        if ("image_url".equals(part.path("type").asText())) images.add(part.path("image_url").path("url").asText());
      }
      messages.add(new PromptMessage(
          message.path("role").asText(),
          text.toString(),
          calls,
          toolCallId.isTextual() ? Optional.of(toolCallId.asText()) : Optional.empty(),
          images));
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

  /** The {@code role: "tool"} messages, in order: what the client reported its tools returned. */
  public List<PromptMessage> toolResults() {
    return messages().stream().filter(message -> "tool".equals(message.role())).toList();
  }

  /** The content of the tool result that answers {@code toolCallId}, if the request has one. */
  public Optional<String> toolResult(String toolCallId) {
    return toolResults().stream()
        .filter(message -> message.toolCallId().equals(Optional.of(toolCallId)))
        .map(PromptMessage::content)
        .findFirst();
  }

  /** The functions offered in {@code tools}; empty when the field is absent. */
  public List<ToolSpec> tools() {
    List<ToolSpec> tools = new ArrayList<>();
    for (JsonNode tool : body.path("tools")) {
      JsonNode function = tool.path("function");
      JsonNode parameters = function.path("parameters");
      tools.add(new ToolSpec(
          function.path("name").asText(),
          function.path("description").asText(""),
          parameters.isObject() ? parameters : JsonNodeFactory.instance.objectNode()));
    }
    return List.copyOf(tools);
  }

  /** The tool names offered, in order. */
  public List<String> toolNames() {
    return tools().stream().map(ToolSpec::name).toList();
  }

  /** {@code tool_choice} when it was sent as a string ("auto", "none", "required"). */
  public Optional<String> toolChoice() {
    JsonNode choice = body.path("tool_choice");
    return choice.isTextual() ? Optional.of(choice.asText()) : Optional.empty();
  }
}
