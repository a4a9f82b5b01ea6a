package io.parley.core.time;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A duration as people read it in a log line or a message, {@code 24 h}, {@code 1 h 30 min},
 * {@code 45 s}, {@code 250 ms}, rather than Java's ISO-8601 {@code PT24H}: the largest units first,
 * parts that are zero left out.
 */
public final class ReadableDuration {
  private ReadableDuration() {}

  public static String of(Duration duration) {
    if (duration.isNegative()) return "-" + of(duration.negated());
    List<String> parts = new ArrayList<>(4);
    part(parts, duration.toHours(), "h");
    part(parts, duration.toMinutesPart(), "min");
    part(parts, duration.toSecondsPart(), "s");
    part(parts, duration.toMillisPart(), "ms");
    return parts.isEmpty() ? "0 s" : String.join(" ", parts);
  }

  private static void part(List<String> parts, long amount, String unit) {
    if (amount != 0) parts.add(amount + " " + unit);
  }
}
