package io.parley.tools.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.parley.core.net.ServerSentEvent;
import java.util.Optional;
import okio.Buffer;
import org.junit.jupiter.api.Test;

/** An MCP server's event stream as the transport reads it: events, their fields, and the bounds on them. */
class EventStreamTest {
  private static EventStream of(String text, long budget, boolean perEvent) {
    return new EventStream(new Buffer().writeUtf8(text), budget, perEvent);
  }

  @Test
  void eventsAreReadWithTheirTypeDataLinesAndId() throws Exception {
    EventStream events = of(": a comment\r\nevent: message\r\nid: 7\r\ndata: {\"a\":\r\ndata: 1}\r\n\r\n"
        + "data:\n\ndata: {\"b\":2}\nretry: 100\n\nevent: ping\ndata: x\n\ndata: {\"last\":true}", 1_000, false);
    assertEquals(Optional.of(new ServerSentEvent("message", "{\"a\":\n1}", Optional.of("7"))), events.next());
    assertEquals(Optional.of(new ServerSentEvent("message", "", Optional.empty())), events.next(), "a primer without data");
    assertEquals(Optional.of(new ServerSentEvent("message", "{\"b\":2}", Optional.empty())), events.next());
    assertEquals(Optional.of(new ServerSentEvent("ping", "x", Optional.empty())), events.next());
    assertEquals(Optional.of(new ServerSentEvent("message", "{\"last\":true}", Optional.empty())), events.next(),
        "the last event, though the stream ended before its blank line");
    assertEquals(Optional.empty(), events.next());
  }

  @Test
  void anAnswerPastItsBudgetIsCutOff() throws Exception {
    EventStream answer = of("data: " + "x".repeat(50) + "\n\n" + "data: " + "y".repeat(50) + "\n\n", 80, false);
    answer.next();
    assertThrows(AnswerTooLarge.class, answer::next, "the whole answer counts");
    assertThrows(AnswerTooLarge.class, () -> of("data: " + "z".repeat(500), 80, false).next(), "a line without end");
  }

  @Test
  void theServersOwnStreamIsBoundedPerEvent() throws Exception {
    EventStream stream = of(("data: " + "x".repeat(50) + "\n\n").repeat(10), 80, true);
    for (int i = 0; i < 10; i++) assertEquals("x".repeat(50), stream.next().orElseThrow().data());
    assertEquals(Optional.empty(), stream.next());
    assertThrows(AnswerTooLarge.class, () -> of("data: " + "x".repeat(100) + "\n\n", 80, true).next());
  }
}
