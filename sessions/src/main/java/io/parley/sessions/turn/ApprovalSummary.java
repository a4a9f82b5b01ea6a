package io.parley.sessions.turn;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.tools.ToolDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a call that needs an approval will do, in plain words for the person asked: the first
 * sentence of the tool's description and the arguments it is called with, each value cut short.
 * Written from the definition and the arguments alone, so the same call always reads the same.
 */
public final class ApprovalSummary {
  private static final int MAX_DESCRIPTION = 200;
  private static final int MAX_VALUE = 80;
  private static final int MAX_ARGUMENTS = 8;

  private ApprovalSummary() {}

  public static String of(ToolDefinition tool, JsonNode arguments) {
    String description = firstSentence(tool.description());
    List<String> given = new ArrayList<>();
    for (Map.Entry<String, JsonNode> argument : arguments.properties()) {
      if (given.size() == MAX_ARGUMENTS) break;
      given.add(words(argument.getKey()) + ": " + value(argument.getValue()));
    }
    String what = description.isEmpty() ? "Use " + tool.name() : description;
    return given.isEmpty() ? what : what + " (" + String.join(", ", given) + ")";
  }

  private static String firstSentence(String description) {
    String text = description.strip();
    int end = text.indexOf(". ");
    if (end > 0) text = text.substring(0, end);
    if (text.endsWith(".")) text = text.substring(0, text.length() - 1);
    return cut(text, MAX_DESCRIPTION);
  }

  /** {@code order_id} and {@code orderId} read as "order id". */
  private static String words(String name) {
    return name.replaceAll("([a-z0-9])([A-Z])", "$1 $2").replace('_', ' ').replace('-', ' ').toLowerCase();
  }

  private static String value(JsonNode value) {
    return cut(value.isTextual() ? value.asText() : value.toString(), MAX_VALUE);
  }

  private static String cut(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max - 1) + "…";
  }
}
