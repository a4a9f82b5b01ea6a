package io.parley.core.campaign;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.Set;

/**
 * When a campaign may ring a lead, in the lead's own time: from {@code opens} to {@code closes}
 * (exclusive) on {@code days}. A lead in Sydney and one in Berlin are each called in their own
 * daytime, never at 3 a.m. theirs because it is 9 a.m. the tenant's. Times are to the minute.
 */
public record CallingWindow(LocalTime opens, LocalTime closes, Set<DayOfWeek> days) {
  /** Weekdays, 09:00 to 20:00. */
  public static final CallingWindow WORKING_DAYS = new CallingWindow(LocalTime.of(9, 0), LocalTime.of(20, 0),
      EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY));

  public CallingWindow {
    opens = opens.truncatedTo(ChronoUnit.MINUTES);
    closes = closes.truncatedTo(ChronoUnit.MINUTES);
    if (!opens.isBefore(closes)) {
      throw new IllegalArgumentException("a calling window opens before it closes: " + opens + " to " + closes);
    }
    if (days.isEmpty()) throw new IllegalArgumentException("a calling window needs at least one day");
    days = Set.copyOf(days);
  }

  /** Whether a lead in {@code zone} may be rung at {@code now}. */
  public boolean isOpen(Instant now, ZoneId zone) {
    ZonedDateTime local = now.atZone(zone);
    LocalTime time = local.toLocalTime();
    return days.contains(local.getDayOfWeek()) && !time.isBefore(opens) && time.isBefore(closes);
  }

  /** {@code now} if the window is open, else the instant it next opens for a lead in {@code zone}. */
  public Instant nextOpen(Instant now, ZoneId zone) {
    if (isOpen(now, zone)) return now;
    LocalDate day = now.atZone(zone).toLocalDate();
    for (int ahead = 0; ahead <= 7; ahead++) {
      LocalDate candidate = day.plusDays(ahead);
      if (!days.contains(candidate.getDayOfWeek())) continue;
      // atZone moves a time that a clock change skips to just after the gap: still inside the window.
      Instant opening = candidate.atTime(opens).atZone(zone).toInstant();
      if (opening.isAfter(now)) return opening;
    }
    throw new IllegalStateException("a window open on some day opens within a week");
  }
}
