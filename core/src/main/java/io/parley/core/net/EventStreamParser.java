package io.parley.core.net;

import java.util.Optional;

/**
 * Turns the lines of a {@code text/event-stream} body into events, following the WHATWG
 * event-stream rules: {@code data:} lines accumulate (joined by newlines), a blank line ends the
 * event, lines starting with ':' are comments (servers send them as keep-alives), one space after
 * the colon is dropped, unknown fields are ignored. Fed one line at a time, without its terminator,
 * by whichever HTTP client read the body, so that the caller acts on each event as soon as it is
 * complete. An event whose data grows past {@code maxEventChars} fails with {@link EventTooLarge}
 * rather than grow without bound. Not thread-safe: one parser per stream.
 */
public final class EventStreamParser {
  private static final String DEFAULT_TYPE = "message";

  private final StringBuilder data = new StringBuilder();
  private final int maxEventChars;
  private boolean hasData;
  private String type = DEFAULT_TYPE;
  private Optional<String> id = Optional.empty();

  public EventStreamParser(int maxEventChars) {
    this.maxEventChars = maxEventChars;
  }

  /**
   * Consumes one line; returns the event that this line completed, if any. An event without a
   * {@code data:} line is no event.
   *
   * @throws EventTooLarge when the event's data would pass its limit
   */
  public Optional<ServerSentEvent> accept(String line) {
    if (line.isEmpty()) return dispatch();
    if (line.startsWith(":")) return Optional.empty();
    int colon = line.indexOf(':');
    String field = colon < 0 ? line : line.substring(0, colon);
    String value = colon < 0 ? "" : line.substring(colon + 1);
    if (value.startsWith(" ")) value = value.substring(1);
    switch (field) {
      case "data" -> {
        if (hasData) append("\n");
        append(value);
        hasData = true;
      }
      case "event" -> type = value.isEmpty() ? DEFAULT_TYPE : value;
      case "id" -> id = Optional.of(value);
      case "error" -> {
        // Not in the spec: llama.cpp servers before September 2025 wrote failures as an
        // "error:" field, which a strict parser would drop silently. Read it as an error event.
        type = "error";
        data.setLength(0);
        append(value);
        hasData = true;
      }
      default -> {
        // retry only matters to a client that reconnects on its own; the spec says to ignore unknown fields.
      }
    }
    return Optional.empty();
  }

  /**
   * At the end of the body: the event still being read, for a reader that takes a last event the
   * server ended without its blank line (the spec drops it).
   */
  public Optional<ServerSentEvent> finish() {
    return dispatch();
  }

  private void append(String value) {
    if (data.length() + value.length() > maxEventChars) {
      data.setLength(0);
      throw new EventTooLarge(maxEventChars);
    }
    data.append(value);
  }

  private Optional<ServerSentEvent> dispatch() {
    Optional<ServerSentEvent> event = hasData ? Optional.of(new ServerSentEvent(type, data.toString(), id)) : Optional.empty();
    data.setLength(0);
    hasData = false;
    type = DEFAULT_TYPE;
    id = Optional.empty();
    return event;
  }
}
