package io.parley.tools;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What a successful call returns: {@code content} goes back to the model as the tool message (JSON
 * text, so the model can read fields), {@code summary} is a short line for people (the client's
 * tool indicator, logs).
 */
public record ToolResult(String content, String summary) {

  /**
   * A result that tells the model its call did not happen and why: {@code {"error": code,
   * "message": message}}. The message is written for the model to act on ("priority must be one
   * of low, normal, high, urgent"), the summary for people.
   */
  public static ToolResult error(String code, String message, String summary) {
    ObjectNode content = JsonNodeFactory.instance.objectNode();
    content.put("error", code);
    content.put("message", message);
    return new ToolResult(content.toString(), summary);
  }
}
