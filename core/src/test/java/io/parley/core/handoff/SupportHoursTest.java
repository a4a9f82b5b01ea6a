package io.parley.core.handoff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.core.language.LanguageTag;
import io.parley.core.language.TextOverrides;
import io.parley.core.language.Wording;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** When a support team is at work and when it is next, in its own zone, through summer time and round the week. */
class SupportHoursTest {
  private static final SupportHours OFFICE = new SupportHours("Europe/Berlin", Map.of(
      "monday", List.of("09:00-12:30", "13:30-17:00"), "tuesday", List.of("09:00-17:00"),
      "wednesday", List.of("09:00-17:00"), "thursday", List.of("09:00-17:00"), "friday", List.of("09:00-15:00")));

  @Test
  void theTeamIsAtWorkWithinAnOpeningOfItsOwnZone() {
    // Monday 2 March 2026, Berlin on CET (UTC+1).
    assertTrue(OFFICE.staffedAt(Instant.parse("2026-03-02T08:00:00Z")), "09:00 in Berlin: the opening's first minute");
    assertTrue(OFFICE.staffedAt(Instant.parse("2026-03-02T11:29:59Z")));
    assertFalse(OFFICE.staffedAt(Instant.parse("2026-03-02T11:30:00Z")), "12:30: lunch");
    assertFalse(OFFICE.staffedAt(Instant.parse("2026-03-02T07:59:00Z")), "08:59 in Berlin, 07:59 UTC");
    assertFalse(OFFICE.staffedAt(Instant.parse("2026-03-07T10:00:00Z")), "Saturday");
  }

  @Test
  void theNextOpeningIsTodayTomorrowOrADayOfTheWeek() {
    assertEquals("today at 13:30 (Europe/Berlin)", Wording.english().teamBack(OFFICE, Instant.parse("2026-03-02T11:45:00Z")));
    assertEquals("tomorrow at 09:00 (Europe/Berlin)", Wording.english().teamBack(OFFICE, Instant.parse("2026-03-02T17:00:00Z")));
    assertEquals("today at 09:00 (Europe/Berlin)", Wording.english().teamBack(OFFICE, Instant.parse("2026-03-03T06:00:00Z")));
    assertEquals("on Monday at 09:00 (Europe/Berlin)", Wording.english().teamBack(OFFICE, Instant.parse("2026-03-06T15:00:00Z")), "Friday after 16:00");
    assertEquals(Instant.parse("2026-03-09T08:00:00Z"), OFFICE.nextOpening(Instant.parse("2026-03-06T15:00:00Z")).toInstant());
  }

  @Test
  void theWeekWrapsRoundToItsFirstOpeningAgain() {
    SupportHours mondays = new SupportHours("Europe/Berlin", Map.of("monday", List.of("09:00-17:00")));
    assertEquals("on Monday at 09:00 (Europe/Berlin)", Wording.english().teamBack(mondays, Instant.parse("2026-03-02T17:00:00Z")),
        "after Monday's hours: next Monday, a week on");
    assertEquals(Instant.parse("2026-03-09T08:00:00Z"), mondays.nextOpening(Instant.parse("2026-03-02T17:00:00Z")).toInstant());
    assertEquals("tomorrow at 09:00 (Europe/Berlin)", Wording.english().teamBack(mondays, Instant.parse("2026-03-08T20:00:00Z")), "Sunday evening");

    SupportHours lateSunday = new SupportHours("Europe/Berlin", Map.of("sunday", List.of("22:00-24:00"),
        "monday", List.of("00:00-06:00")));
    assertTrue(lateSunday.staffedAt(Instant.parse("2026-03-08T22:59:00Z")), "23:59 on Sunday");
    assertTrue(lateSunday.staffedAt(Instant.parse("2026-03-08T23:00:00Z")), "midnight, Monday's opening");
    assertFalse(lateSunday.staffedAt(Instant.parse("2026-03-09T05:00:00Z")), "06:00 on Monday");
    assertEquals("on Sunday at 22:00 (Europe/Berlin)", Wording.english().teamBack(lateSunday, Instant.parse("2026-03-09T05:00:00Z")));
  }

  @Test
  void openingsFollowTheWallClockThroughSummerTime() {
    SupportHours mondays = new SupportHours("Europe/Berlin", Map.of("monday", List.of("09:00-17:00")));
    // Berlin moves to CEST (UTC+2) on Sunday 29 March 2026: Monday's 09:00 is 07:00 UTC, not 08:00.
    assertEquals(Instant.parse("2026-03-30T07:00:00Z"), mondays.nextOpening(Instant.parse("2026-03-28T12:00:00Z")).toInstant());
    // And back to CET on Sunday 25 October: 09:00 is 08:00 UTC again.
    assertEquals(Instant.parse("2026-10-26T08:00:00Z"), mondays.nextOpening(Instant.parse("2026-10-24T12:00:00Z")).toInstant());

    // 02:30 does not happen on 29 March: the clock jumps from 02:00 to 03:00, so the opening is at 03:30.
    SupportHours night = new SupportHours("Europe/Berlin", Map.of("sunday", List.of("02:30-04:00")));
    assertEquals(Instant.parse("2026-03-29T01:30:00Z"), night.nextOpening(Instant.parse("2026-03-29T00:00:00Z")).toInstant());
    assertEquals("today at 03:30 (Europe/Berlin)", Wording.english().teamBack(night, Instant.parse("2026-03-29T00:00:00Z")));
    assertTrue(night.staffedAt(Instant.parse("2026-03-29T01:45:00Z")), "03:45 CEST");
    assertFalse(night.staffedAt(Instant.parse("2026-03-29T02:00:00Z")), "04:00 CEST");
  }

  @Test
  void eachProblemNamesItsEntry() {
    Map<String, List<String>> weekly = new LinkedHashMap<>();
    weekly.put("monday", List.of("09:00-13:00", "12:00-14:00", "17:00-09:00"));
    weekly.put("tuesday", List.of("9-5", "08:00-24:00"));
    weekly.put("funday", List.of("09:00-17:00"));
    assertEquals(List.of(
        "supportHours.timeZone: \"Mars/Olympus\" is not an IANA time zone, such as \"Europe/Berlin\"",
        "supportHours.weekly.monday[1]: \"12:00-14:00\" overlaps \"09:00-13:00\"",
        "supportHours.weekly.monday[2]: \"17:00-09:00\" ends before it starts: a range past midnight is two, the second on"
            + " the next day",
        "supportHours.weekly.tuesday[0]: \"9-5\" must be a time range such as \"09:00-17:00\" (24:00 for midnight)",
        "supportHours.weekly.funday: not a day (known: monday, tuesday, wednesday, thursday, friday, saturday, sunday)"),
        SupportHours.problems("supportHours", "Mars/Olympus", weekly));
    assertEquals(List.of("supportHours.weekly: names no opening hours (set a day's, such as \"monday\": [\"09:00-17:00\"])"),
        SupportHours.problems("supportHours", "Europe/Berlin", Map.of("monday", List.of())));
    assertEquals(List.of(), SupportHours.problems("supportHours", "America/New_York",
        Map.of("monday", List.of("13:00-17:00", "09:00-13:00"))), "back to back, in any order");
  }

  @Test
  void saysWhenTheTeamIsBackInTheConversationsLanguage() {
    Wording german = Wording.of(LanguageTag.parse("de"), Optional.empty(), TextOverrides.NONE);
    assertEquals("am Montag um 09:00 Uhr (Europe/Berlin)", german.teamBack(OFFICE, Instant.parse("2026-03-06T15:00:00Z")));
  }
}
