package io.parley.tools.mcp;

import java.io.IOException;
import java.util.Optional;
import okio.BufferedSource;

/**
 * Reads server-sent events (the WHATWG event-stream format) from an MCP server's answer, within a
 * byte budget: the whole answer to one request ({@code perEvent} false), or each event of the
 * server's long-lived stream ({@code perEvent} true). A server that sends more (a result too large,
 * an endless line, a stream of empty events) fails the read with {@link AnswerTooLarge}, and the
 * caller closes the connection.
 */
final class EventStream {
  /** One event: its type ({@code message} when it names none), its data lines joined, its id if any. */
  record Event(String type, String data, Optional<String> id) {}

  private final BufferedSource source;
  private final long budget;
  private final boolean perEvent;
  private long remaining;

  EventStream(BufferedSource source, long budget, boolean perEvent) {
    this.source = source;
    this.budget = budget;
    this.perEvent = perEvent;
    this.remaining = budget;
  }

  /** The next event; empty at the end of the stream. */
  Optional<Event> next() throws IOException {
    String type = "";
    StringBuilder data = null;
    Optional<String> id = Optional.empty();
    for (String line = line(); line != null; line = line()) {
      if (line.isEmpty()) {
        if (data == null) continue;
        if (perEvent) remaining = budget;
        return Optional.of(new Event(type.isEmpty() ? "message" : type, data.toString(), id));
      }
      if (line.startsWith(":")) continue;
      int colon = line.indexOf(':');
      String field = colon < 0 ? line : line.substring(0, colon);
      String value = colon < 0 ? "" : line.substring(colon + 1);
      if (value.startsWith(" ")) value = value.substring(1);
      switch (field) {
        case "event" -> type = value;
        case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
        case "id" -> id = Optional.of(value);
        default -> {
          // retry and unknown fields change nothing here
        }
      }
    }
    return data == null ? Optional.empty() : Optional.of(new Event(type.isEmpty() ? "message" : type, data.toString(), id));
  }

  /** A line without its end, null at the end of the stream. */
  private String line() throws IOException {
    long newline = source.indexOf((byte) '\n', 0, remaining + 1);
    if (newline < 0) {
      if (source.request(remaining + 1)) throw new AnswerTooLarge(budget);
      if (source.exhausted()) return null;
      long rest = source.getBuffer().size();
      remaining -= rest;
      return stripReturn(source.readUtf8(rest));
    }
    String line = source.readUtf8(newline);
    source.skip(1);
    remaining -= newline + 1;
    return stripReturn(line);
  }

  private static String stripReturn(String line) {
    return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
  }
}
