package io.parley.tools.mcp;

import io.parley.core.net.EventStreamParser;
import io.parley.core.net.ServerSentEvent;
import java.io.IOException;
import java.util.Optional;
import okio.BufferedSource;

/**
 * Reads server-sent events from an MCP server's answer, within a byte budget: the whole answer to
 * one request ({@code perEvent} false), or each event of the server's long-lived stream ({@code
 * perEvent} true). A server that sends more (a result too large, an endless line, a stream of
 * empty events) fails the read with {@link AnswerTooLarge}, and the caller closes the connection.
 * The lines are cut here, from OkHttp's source; the event-stream rules are core's {@link
 * EventStreamParser}, which the LLM client reads its streams by too. A last event that the server
 * ended without its blank line still counts.
 */
final class EventStream {
  private final BufferedSource source;
  private final long budget;
  private final boolean perEvent;
  // The byte budget bounds every event already; the parser's own limit is not needed on top.
  private final EventStreamParser parser = new EventStreamParser(Integer.MAX_VALUE);
  private long remaining;

  EventStream(BufferedSource source, long budget, boolean perEvent) {
    this.source = source;
    this.budget = budget;
    this.perEvent = perEvent;
    this.remaining = budget;
  }

  /** The next event; empty at the end of the stream. */
  Optional<ServerSentEvent> next() throws IOException {
    for (String line = line(); line != null; line = line()) {
      Optional<ServerSentEvent> event = parser.accept(line);
      if (event.isPresent()) {
        if (perEvent) remaining = budget;
        return event;
      }
    }
    return parser.finish();
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
