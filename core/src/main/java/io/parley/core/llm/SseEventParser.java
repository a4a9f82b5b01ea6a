package io.parley.core.llm;

import java.util.Optional;

/**
 * Turns the lines of a {@code text/event-stream} body into events, following the WHATWG
 * event-stream rules: {@code data:} lines accumulate (joined by newlines), a blank line ends the
 * event, lines starting with ':' are comments (servers send them as keep-alives). Fed one line at
 * a time, without its terminator, so the caller can act on each event as soon as it is complete.
 * An event whose data grows past {@code maxEventChars} fails the stream ({@code BAD_RESPONSE})
 * rather than grow without bound. Not thread-safe: one parser per stream.
 */
final class SseEventParser {
  private static final String DEFAULT_TYPE = "message";

  private final StringBuilder data = new StringBuilder();
  private final int maxEventChars;
  private boolean hasData;
  private String type = DEFAULT_TYPE;

  SseEventParser(int maxEventChars) {
    this.maxEventChars = maxEventChars;
  }

  /**
   * Consumes one line; returns the event that this line completed, if any.
   *
   * @throws LlmException ({@code BAD_RESPONSE}) when the event's data would pass its limit
   */
  Optional<SseEvent> accept(String line) {
    if (line.isEmpty()) {
      return dispatch();
    }
    if (line.startsWith(":")) {
      return Optional.empty();
    }
    int colon = line.indexOf(':');
    String field = colon < 0 ? line : line.substring(0, colon);
    String value = colon < 0 ? "" : line.substring(colon + 1);
    if (value.startsWith(" ")) {
      value = value.substring(1);
    }
    switch (field) {
      case "data" -> {
        if (hasData) data.append('\n');
        append(value);
        hasData = true;
      }
      case "event" -> type = value.isEmpty() ? DEFAULT_TYPE : value;
      case "error" -> {
        // Not in the spec: llama.cpp servers before September 2025 wrote failures as an
        // "error:" field, which a strict parser would drop silently. Read it as an error event.
        type = "error";
        data.setLength(0);
        append(value);
        hasData = true;
      }
      default -> {
        // id and retry only matter to a client that reconnects and resumes; a completion
        // cannot be resumed, and the spec says to ignore unknown fields.
      }
    }
    return Optional.empty();
  }

  private void append(String value) {
    if (data.length() + value.length() > maxEventChars) {
      data.setLength(0);
      throw new LlmException(LlmException.Kind.BAD_RESPONSE, "an event over " + maxEventChars + " characters in the event stream");
    }
    data.append(value);
  }

  private Optional<SseEvent> dispatch() {
    Optional<SseEvent> event = hasData ? Optional.of(new SseEvent(type, data.toString())) : Optional.empty();
    data.setLength(0);
    hasData = false;
    type = DEFAULT_TYPE;
    return event;
  }
}
