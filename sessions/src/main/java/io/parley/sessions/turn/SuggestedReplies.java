package io.parley.sessions.turn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.core.llm.LlmAnswer;
import io.parley.core.llm.ToolCall;
import io.parley.core.llm.ToolSpec;
import io.parley.core.privacy.Placeholders;
import io.parley.core.session.ReplyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code suggest_replies} tool of a turn whose tenant turned it on ({@code suggestReplies}):
 * the model offers replies for the customer to tap with its answer. Its calls never run as tools
 * nor show as tool activity: the runner takes them out of the model's answer and the options go
 * with the answer the turn stores. A tenant that did not turn it on is not offered it, and a call
 * of it then is one of an unknown tool, refused as any.
 */
final class SuggestedReplies {
  static final String TOOL = "suggest_replies";
  private static final ObjectMapper JSON = new ObjectMapper();
  static final ToolSpec SPEC = new ToolSpec(TOOL, "Offer the customer up to " + ReplyOption.MAX_OPTIONS
      + " short replies to tap instead of typing, shown as buttons under your answer. Call it together with your"
      + " answer when the customer's next message is likely one of a few (a choice you asked for, the next steps)."
      + " label: the button's few words; value: the message the customer sends by tapping it.",
      schema());

  private final boolean offered;
  private final Placeholders placeholders;
  private List<ReplyOption> options = List.of();

  SuggestedReplies(boolean offered, Placeholders placeholders) {
    this.offered = offered;
    this.placeholders = placeholders;
  }

  /** The tools offered to the model: {@code specs}, and this one when the tenant turned it on. */
  List<ToolSpec> offer(List<ToolSpec> specs) {
    if (!offered) return specs;
    List<ToolSpec> all = new ArrayList<>(specs);
    all.add(SPEC);
    return all;
  }

  /**
   * {@code answer} without its calls of this tool, whose options (the last valid call's) are kept
   * for the answer; as it is when the tenant did not turn it on.
   */
  LlmAnswer take(LlmAnswer answer) {
    if (!offered || answer.toolCalls().stream().noneMatch(call -> call.name().equals(TOOL))) return answer;
    List<ToolCall> others = new ArrayList<>();
    for (ToolCall call : answer.toolCalls()) {
      if (!call.name().equals(TOOL)) others.add(call);
      else read(call).ifPresent(read -> options = read);
    }
    return new LlmAnswer(answer.text(), answer.usage(), answer.finishReason(), answer.attempts(), others, answer.model());
  }

  /** Whether {@code answer} called this tool and nothing else, without writing its answer yet. */
  boolean onlySuggested(LlmAnswer answer) {
    return offered && answer.text().isBlank() && !answer.toolCalls().isEmpty()
        && answer.toolCalls().stream().allMatch(call -> call.name().equals(TOOL));
  }

  /** What the model reads as the result of a call of this tool: shown, or what was wrong with it. */
  String resultOf(ToolCall call) {
    List<String> problems = new ArrayList<>();
    parse(call, problems);
    return problems.isEmpty()
        ? JSON.createObjectNode().put("shown", true).put("message", "The replies are shown under your answer: now write"
            + " the answer itself").toString()
        : JSON.createObjectNode().put("error", "invalid_arguments").put("message", String.join("; ", problems)).toString();
  }

  /** The options the model offered with its answer; none unless it called this tool well. */
  List<ReplyOption> options() {
    return options;
  }

  private Optional<List<ReplyOption>> read(ToolCall call) {
    return parse(call, new ArrayList<>());
  }

  private Optional<List<ReplyOption>> parse(ToolCall call, List<String> problems) {
    JsonNode arguments;
    try {
      // The model wrote placeholders where the conversation had personal data: the customer reads the real values.
      arguments = JSON.readTree(placeholders.restore(call.argumentsJson()));
    } catch (java.io.IOException e) {
      problems.add("the arguments are not JSON");
      return Optional.empty();
    }
    Optional<List<ReplyOption>> read = ReplyOption.readList(arguments == null ? null : arguments.get("options"), "options",
        problems);
    if (read.isEmpty() && problems.isEmpty()) problems.add("options: must be given");
    return read.filter(list -> !list.isEmpty());
  }

  private static JsonNode schema() {
    try {
      return JSON.readTree("""
          {"type": "object", "required": ["options"], "properties": {"options": {"type": "array", "minItems": 1,
            "maxItems": %d, "items": {"type": "object", "required": ["label", "value"], "properties": {
              "label": {"type": "string", "maxLength": %d}, "value": {"type": "string", "maxLength": %d}}}}}}
          """.formatted(ReplyOption.MAX_OPTIONS, ReplyOption.MAX_LABEL, ReplyOption.MAX_VALUE));
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
