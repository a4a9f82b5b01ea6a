package io.parley.core.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

/** A calling window read in each lead's own time zone. */
class CallingWindowTest {
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  private static final ZoneId SYDNEY = ZoneId.of("Australia/Sydney");
  private static final CallingWindow WINDOW = CallingWindow.WORKING_DAYS;

  @Test
  void theSameInstantIsDaytimeInBerlinAndNightInSydney() {
    Instant wednesdayMorningBerlin = Instant.parse("2026-03-04T09:30:00Z"); // 10:30 Berlin, 20:30 Sydney
    assertTrue(WINDOW.isOpen(wednesdayMorningBerlin, BERLIN));
    assertFalse(WINDOW.isOpen(wednesdayMorningBerlin, SYDNEY), "20:30 in Sydney is past the window");
    assertEquals(Instant.parse("2026-03-04T22:00:00Z"), WINDOW.nextOpen(wednesdayMorningBerlin, SYDNEY),
        "09:00 Thursday in Sydney (UTC+11)");
    assertEquals(wednesdayMorningBerlin, WINDOW.nextOpen(wednesdayMorningBerlin, BERLIN), "open now: now");
  }

  @Test
  void aFridayEveningWaitsForMonday() {
    Instant fridayNight = Instant.parse("2026-03-06T20:00:00Z"); // 21:00 Berlin
    assertEquals(Instant.parse("2026-03-09T08:00:00Z"), WINDOW.nextOpen(fridayNight, BERLIN));
  }

  @Test
  void theWindowClosesAtItsEndAndOpensAtItsStart() {
    assertFalse(WINDOW.isOpen(Instant.parse("2026-03-04T19:00:00Z"), BERLIN), "20:00 is closed");
    assertTrue(WINDOW.isOpen(Instant.parse("2026-03-04T08:00:00Z"), BERLIN), "09:00 is open");
  }

  @Test
  void aWindowThatClosesBeforeItOpensIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new CallingWindow(LocalTime.of(18, 0), LocalTime.of(9, 0),
        EnumSet.of(DayOfWeek.MONDAY)));
    assertThrows(IllegalArgumentException.class, () -> new CallingWindow(LocalTime.of(9, 0), LocalTime.of(18, 0),
        EnumSet.noneOf(DayOfWeek.class)));
  }
}
