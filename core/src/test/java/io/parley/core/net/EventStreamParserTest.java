package io.parley.core.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The event-stream rules that the LLM client and the MCP transport read their servers' streams by. */
class EventStreamParserTest {
  private static List<ServerSentEvent> parse(String... lines) {
    EventStreamParser parser = new EventStreamParser(1024);
    List<ServerSentEvent> events = new ArrayList<>();
    for (String line : lines) {
      parser.accept(line).ifPresent(events::add);
    }
    return events;
  }

  @Test
  void emitsAnEventAtEachBlankLine() {
    assertEquals(
        List.of(ServerSentEvent.of("message", "{\"a\":1}"), ServerSentEvent.of("message", "[DONE]")),
        parse("data: {\"a\":1}", "", "data: [DONE]", ""));
  }

  @Test
  void joinsMultipleDataLinesWithNewlines() {
    assertEquals(List.of(ServerSentEvent.of("message", "first\nsecond\n")), parse("data: first", "data:second", "data:", ""));
  }

  @Test
  void stripsOnlyOneLeadingSpaceFromTheValue() {
    assertEquals(List.of(ServerSentEvent.of("message", " indented")), parse("data:  indented", ""));
  }

  @Test
  void ignoresCommentsUnknownFieldsAndEventsWithoutData() {
    assertEquals(
        List.of(ServerSentEvent.of("message", "x")),
        parse(": keep-alive", "", "id: 7", "retry: 1000", "", "data: x", ": in the middle", "bogus", ""));
  }

  @Test
  void anEventKeepsItsOwnIdOnly() {
    assertEquals(List.of(new ServerSentEvent("message", "a", Optional.of("7")), ServerSentEvent.of("message", "b")),
        parse("id: 7", "data: a", "", "data: b", ""));
  }

  @Test
  void theEventBeingReadAtTheEndIsHandedOverOnlyWhenAsked() {
    EventStreamParser parser = new EventStreamParser(1024);
    assertEquals(Optional.empty(), parser.accept("data: {\"last\":true}"));

    assertEquals(Optional.of(ServerSentEvent.of("message", "{\"last\":true}")), parser.finish());
    assertEquals(Optional.empty(), parser.finish());
  }

  @Test
  void anEventPastItsLimitFails() {
    EventStreamParser parser = new EventStreamParser(10);
    parser.accept("data: 12345");

    assertThrows(EventTooLarge.class, () -> parser.accept("data: 12345"), "the newline and both lines count");
  }

  @Test
  void keepsTheEventTypeForOneEventOnly() {
    assertEquals(
        List.of(ServerSentEvent.of("error", "{\"message\":\"boom\"}"), ServerSentEvent.of("message", "after")),
        parse("event: error", "data: {\"message\":\"boom\"}", "", "data: after", ""));
  }

  @Test
  void anUnterminatedEventIsNotEmitted() {
    assertEquals(List.of(), parse("data: {\"partial\":"));
  }

  @Test
  void aDataLineWithAnEmptyValueStillMakesAnEvent() {
    assertEquals(List.of(ServerSentEvent.of("message", "")), parse("data:", ""));
  }

  @Test
  void readsLlamaCppsNonStandardErrorFieldAsAnErrorEvent() {
    assertEquals(List.of(ServerSentEvent.of("error", "{\"code\":500}")), parse("error: {\"code\":500}", ""));
  }
}
