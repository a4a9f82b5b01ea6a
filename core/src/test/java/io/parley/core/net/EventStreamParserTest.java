package io.parley.core.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseEventParserTest {
  private static List<SseEvent> parse(String... lines) {
    SseEventParser parser = new SseEventParser(1024);
    List<SseEvent> events = new ArrayList<>();
    for (String line : lines) {
      parser.accept(line).ifPresent(events::add);
    }
    return events;
  }

  @Test
  void emitsAnEventAtEachBlankLine() {
    assertEquals(
        List.of(new SseEvent("message", "{\"a\":1}"), new SseEvent("message", "[DONE]")),
        parse("data: {\"a\":1}", "", "data: [DONE]", ""));
  }

  @Test
  void joinsMultipleDataLinesWithNewlines() {
    assertEquals(List.of(new SseEvent("message", "first\nsecond\n")), parse("data: first", "data:second", "data:", ""));
  }

  @Test
  void stripsOnlyOneLeadingSpaceFromTheValue() {
    assertEquals(List.of(new SseEvent("message", " indented")), parse("data:  indented", ""));
  }

  @Test
  void ignoresCommentsUnknownFieldsAndEventsWithoutData() {
    assertEquals(
        List.of(new SseEvent("message", "x")),
        parse(": keep-alive", "", "id: 7", "retry: 1000", "", "data: x", ": in the middle", "bogus", ""));
  }

  @Test
  void keepsTheEventTypeForOneEventOnly() {
    assertEquals(
        List.of(new SseEvent("error", "{\"message\":\"boom\"}"), new SseEvent("message", "after")),
        parse("event: error", "data: {\"message\":\"boom\"}", "", "data: after", ""));
  }

  @Test
  void anUnterminatedEventIsNotEmitted() {
    assertEquals(List.of(), parse("data: {\"partial\":"));
  }

  @Test
  void aDataLineWithAnEmptyValueStillMakesAnEvent() {
    assertEquals(List.of(new SseEvent("message", "")), parse("data:", ""));
  }

  @Test
  void readsLlamaCppsNonStandardErrorFieldAsAnErrorEvent() {
    assertEquals(List.of(new SseEvent("error", "{\"code\":500}")), parse("error: {\"code\":500}", ""));
  }
}
