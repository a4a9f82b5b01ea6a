package io.parley.core.prompt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.parley.core.handoff.SupportHours;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SupportHoursLineTest {
  private static final Map<String, List<String>> WEEKDAYS = Map.of("monday", List.of("09:00-17:00"),
      "tuesday", List.of("09:00-17:00"), "wednesday", List.of("09:00-17:00"), "thursday", List.of("09:00-17:00"),
      "friday", List.of("09:00-17:00"));
  private static final SupportHours OFFICE = new SupportHours("Europe/Berlin", WEEKDAYS);

  @Test
  void withinTheHoursTheTeamIsOpenNow() {
    // Wednesday 4 March 2026, 12:00 in Berlin (UTC+1).
    assertEquals("Our support team (people the customer can talk to) is available Monday to Friday 09:00-17:00"
        + " (Europe/Berlin time) and closed otherwise. It is open now.",
        SupportHoursLine.of(OFFICE, Instant.parse("2026-03-04T11:00:00Z")));
  }

  @Test
  void afterFridaysHoursItOpensAgainOnMonday() {
    assertEquals("Our support team (people the customer can talk to) is available Monday to Friday 09:00-17:00"
        + " (Europe/Berlin time) and closed otherwise. It is closed now and opens again on Monday at 09:00 (Europe/Berlin).",
        SupportHoursLine.of(OFFICE, Instant.parse("2026-03-06T17:30:00Z")));
  }

  @Test
  void theHoursAndTheNextOpeningAreTheTenantsZonesWallClock() {
    // 07:30 UTC on Tuesday is 08:30 in Berlin, before the team starts, but 02:30 in New York, still Monday night there.
    SupportHours newYork = new SupportHours("America/New_York", WEEKDAYS);
    assertEquals("It is closed now and opens again today at 09:00 (Europe/Berlin).",
        state(SupportHoursLine.of(OFFICE, Instant.parse("2026-03-03T07:30:00Z"))));
    assertEquals("It is closed now and opens again today at 09:00 (America/New_York).",
        state(SupportHoursLine.of(newYork, Instant.parse("2026-03-03T07:30:00Z"))));
    assertEquals("It is open now.", state(SupportHoursLine.of(newYork, Instant.parse("2026-03-03T14:00:00Z"))),
        "09:00 in New York");
  }

  @Test
  void daysOfTheSameHoursInARowAreOneSpanAndSplitDaysNameEachOpening() {
    SupportHours shop = new SupportHours("UTC", Map.of("monday", List.of("13:30-17:00", "09:00-12:30"),
        "tuesday", List.of("09:00-17:00"), "wednesday", List.of("09:00-17:00"), "saturday", List.of("10:00-14:00")));
    assertEquals("Our support team (people the customer can talk to) is available Monday 09:00-12:30 and 13:30-17:00;"
        + " Tuesday to Wednesday 09:00-17:00; Saturday 10:00-14:00 (UTC time) and closed otherwise."
        + " It is closed now and opens again tomorrow at 10:00 (UTC).",
        SupportHoursLine.of(shop, Instant.parse("2026-03-06T12:00:00Z")));
  }

  private static String state(String line) {
    return line.substring(line.indexOf("It is "));
  }
}
