package io.parley.http.rest;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The values a listing's query string takes (limits, bounded numbers, the instants of a time
 * range), read the same way by every route: a bad one is refused with an {@code
 * IllegalArgumentException} that names the parameter and says what it takes (a 400).
 */
public final class QueryParameters {
  static final Instant EARLIEST = Instant.EPOCH;
  /** The end of the year 9999. */
  static final Instant END = Instant.parse("+10000-01-01T00:00:00Z");

  private QueryParameters() {}

  /** A whole number from {@code min} to {@code max}, such as a page's {@code limit}. */
  public static int number(String name, String raw, int min, int max) {
    try {
      int value = Integer.parseInt(raw);
      if (value >= min && value <= max) return value;
    } catch (NumberFormatException e) {
      // The message below says what is wanted.
    }
    throw new IllegalArgumentException(name + " must be a whole number from " + min + " to " + max + ", got '" + raw + "'");
  }

  /**
   * An instant of a range, as ISO-8601 writes it, in the years 1970 to 9999: no conversation is
   * older than the epoch, and the instants far outside them (years of ten digits) are beyond what
   * dates, weeks and the database's timestamps can hold.
   */
  public static Instant instant(String name, String raw) {
    Instant instant;
    try {
      instant = Instant.parse(raw);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(name + " must be an ISO-8601 instant like 2026-01-31T00:00:00Z, got '" + raw + "'");
    }
    if (instant.isBefore(EARLIEST) || !instant.isBefore(END)) {
      throw new IllegalArgumentException(name + " must be an instant in the years 1970 to 9999 (from " + EARLIEST
          + " to before " + END + "), got '" + raw + "'");
    }
    return instant;
  }
}
