package io.parley.core.cost;

import io.parley.core.WireName;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;

/**
 * The periods a tenant's spend is budgeted in, in UTC: the day, the ISO week (from Monday) and the
 * calendar month. A new period starts with nothing spent; nothing marks its start but the clock.
 */
public enum BudgetPeriod implements WireName {
  DAY, WEEK, MONTH;

  /** The first day of the period {@code at} falls in. */
  public LocalDate firstDay(Instant at) {
    LocalDate day = LocalDate.ofInstant(at, ZoneOffset.UTC);
    return switch (this) {
      case DAY -> day;
      case WEEK -> day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
      case MONTH -> day.withDayOfMonth(1);
    };
  }

  /** When the period {@code at} falls in started. */
  public Instant start(Instant at) {
    return firstDay(at).atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  /** When the period {@code at} falls in ends, which is when the next one starts. */
  public Instant end(Instant at) {
    LocalDate first = firstDay(at);
    LocalDate next = switch (this) {
      case DAY -> first.plusDays(1);
      case WEEK -> first.plusWeeks(1);
      case MONTH -> first.plusMonths(1);
    };
    return next.atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  /** The period {@code at} falls in, named: {@code 2026-11-29}, {@code 2026-W48}, {@code 2026-11}. */
  public String name(Instant at) {
    LocalDate first = firstDay(at);
    return switch (this) {
      case DAY -> first.toString();
      case WEEK -> String.format("%d-W%02d", first.get(IsoFields.WEEK_BASED_YEAR), first.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
      case MONTH -> first.toString().substring(0, 7);
    };
  }
}
