package io.parley.core.time;

import java.time.Instant;
import java.time.LocalDate;
import java.time.Month;
import java.time.Year;
import java.util.Optional;

/**
 * Reads an instant in the one form Parley writes them, {@code 2026-11-26T02:12:59.123456Z} (UTC,
 * a four-digit year, zero to nine digits of fraction), without a {@code DateTimeFormatter}: every
 * persisted event holds such times, and reading them through the formatter was the larger part of
 * reading the event back (docs/performance.md). Any other form is not read here.
 */
final class IsoInstant {
  private static final int SHORTEST = "2026-11-26T02:12:59Z".length();
  private static final int[] NANOS_SCALE = {0, 100_000_000, 10_000_000, 1_000_000, 100_000, 10_000, 1_000, 100, 10, 1};

  private IsoInstant() {}

  /** The instant {@code text} writes in that form; empty for any other form, or a date that does not exist. */
  public static Optional<Instant> parse(CharSequence text) {
    int length = text.length();
    if (length < SHORTEST || length == SHORTEST + 1 || length > SHORTEST + 10 || text.charAt(length - 1) != 'Z'
        || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T' || text.charAt(13) != ':'
        || text.charAt(16) != ':') {
      return Optional.empty();
    }
    int year = digits(text, 0, 4);
    int month = digits(text, 5, 2);
    int day = digits(text, 8, 2);
    int hour = digits(text, 11, 2);
    int minute = digits(text, 14, 2);
    int second = digits(text, 17, 2);
    if ((year | month | day | hour | minute | second) < 0 || month < 1 || month > 12 || day < 1
        || day > 31 || hour > 23 || minute > 59 || second > 59) {
      return Optional.empty();
    }
    int nanos = 0;
    if (length > SHORTEST) {
      int fractionDigits = length - SHORTEST - 1;
      if (text.charAt(19) != '.') return Optional.empty();
      int fraction = digits(text, 20, fractionDigits);
      if (fraction < 0) return Optional.empty();
      nanos = fraction * NANOS_SCALE[fractionDigits];
    }
    if (day > Month.of(month).length(Year.isLeap(year))) return Optional.empty();
    long days = LocalDate.of(year, month, day).toEpochDay();
    return Optional.of(Instant.ofEpochSecond(days * 86_400 + hour * 3_600L + minute * 60L + second, nanos));
  }

  /** The number the {@code count} decimal digits at {@code from} write; -1 if one is not a digit. */
  private static int digits(CharSequence text, int from, int count) {
    int value = 0;
    for (int i = from; i < from + count; i++) {
      int digit = text.charAt(i) - '0';
      if (digit < 0 || digit > 9) return -1;
      value = value * 10 + digit;
    }
    return value;
  }
}
