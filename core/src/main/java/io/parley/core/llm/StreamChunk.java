package io.parley.core.llm;

import io.parley.core.net.ServerSentEvent;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** What one event of a chat-completions stream says. */
sealed interface StreamChunk {
  /** Part of the answer; each field is empty when this chunk does not carry it. */
  record Piece(
      Optional<String> content, List<ToolCallDelta> toolCalls, Optional<String> finishReason, Optional<TokenUsage> usage,
      Optional<String> model)
      implements StreamChunk {}

  /**
   * One element of {@code delta.tool_calls}: a fragment of a call, which {@link ToolCallAssembler}
   * joins with the others. Every field but the arguments is empty when the fragment lacks it.
   */
  record ToolCallDelta(OptionalInt index, Optional<String> id, Optional<String> name, String arguments) {}

  /** The server reported an error inside a stream that began with 200 OK. */
  record Failed(ProviderError error) implements StreamChunk {}

  /** Not a chat-completion chunk at all. */
  record Malformed(String reason) implements StreamChunk {}

  /** {@code json} must fail on trailing tokens, or half of a concatenated chunk would pass. */
  static StreamChunk parse(ServerSentEvent event, ObjectMapper json) {
    JsonNode root;
    try {
      root = json.readTree(event.data());
    } catch (JsonProcessingException e) {
      return new Malformed(e.getOriginalMessage());
    }
    // Older llama.cpp sent errors as "event: error", newer ones as a data chunk with an error field.
    if ("error".equals(event.type())) {
      return new Failed(ProviderError.ofStreamedError(root.isObject() ? root : json.createObjectNode().set("error", root)));
    }
    if (!root.isObject()) {
      return new Malformed("expected a JSON object, got " + root.getNodeType());
    }
    if (root.hasNonNull("error")) {
      return new Failed(ProviderError.ofStreamedError(root));
    }
    // Usage-only chunks have "choices": [] (OpenAI, vLLM, llama.cpp); path() turns that into missing nodes.
    JsonNode choice = root.path("choices").path(0);
    JsonNode toolCalls = choice.path("delta").path("tool_calls");
    if (!toolCalls.isMissingNode() && !toolCalls.isNull() && !toolCalls.isArray()) {
      return new Malformed("delta.tool_calls is not an array");
    }
    List<ToolCallDelta> deltas = new ArrayList<>();
    for (JsonNode each : toolCalls) {
      if (!each.isObject()) {
        return new Malformed("an element of delta.tool_calls is not an object");
      }
      deltas.add(toolCallDelta(each));
    }
    return new Piece(
        nonEmptyText(choice.path("delta").path("content")),
        List.copyOf(deltas),
        nonEmptyText(choice.path("finish_reason")),
        usage(root.path("usage")),
        nonEmptyText(root.path("model")));
  }

  private static ToolCallDelta toolCallDelta(JsonNode call) {
    JsonNode index = call.path("index");
    JsonNode function = call.path("function");
    // llama.cpp from March to May 2025 put the id inside "function".
    Optional<String> id = nonEmptyText(call.path("id")).or(() -> nonEmptyText(function.path("id")));
    JsonNode arguments = function.path("arguments");
    return new ToolCallDelta(
        index.isIntegralNumber() && index.canConvertToInt() && index.intValue() >= 0
            ? OptionalInt.of(index.intValue())
            : OptionalInt.empty(),
        id,
        nonEmptyText(function.path("name")),
        // Workers AI's own client accepts arguments sent as a JSON object rather than a string;
        // kept as JSON text either way.
        arguments.isTextual() ? arguments.asText() : arguments.isContainerNode() ? arguments.toString() : "");
  }

  /**
   * A role-only first chunk (Ollama, vLLM) has no content, OpenAI sends "" there, and older
   * Ollama sends finish_reason "" instead of null: all of them mean "nothing here".
   */
  private static Optional<String> nonEmptyText(JsonNode node) {
    return node.isTextual() && !node.asText().isEmpty() ? Optional.of(node.asText()) : Optional.empty();
  }

  private static Optional<TokenUsage> usage(JsonNode usage) {
    if (!usage.isObject()) return Optional.empty();
    return Optional.of(new TokenUsage(usage.path("prompt_tokens").asInt(), usage.path("completion_tokens").asInt()));
  }
}
