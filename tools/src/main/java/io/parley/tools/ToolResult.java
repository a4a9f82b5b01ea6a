package io.parley.tools;

/**
 * What a successful call returns: {@code content} goes back to the model as the tool message (JSON
 * text, so the model can read fields), {@code summary} is a short line for people (the client's
 * tool indicator, logs).
 */
public record ToolResult(String content, String summary) {}
