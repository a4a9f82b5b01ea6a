package io.parley.core.prompt;

import io.parley.core.handoff.SupportHours;
import io.parley.core.language.Wording;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.format.TextStyle;
import java.util.Locale;

/**
 * The tenant's support hours as one line of the system prompt, so the bot can answer "when are you
 * open?" and "can I talk to someone now?": the week's hours, in the tenant's zone, and whether the
 * team is at work at the turn's instant or when it is back. Days of the same hours in a row are
 * named as a span ("Monday to Friday"), which keeps the line short on every turn. It is English, as
 * the rest of the prompt; the model answers in the customer's language.
 */
public final class SupportHoursLine {
  private SupportHoursLine() {}

  /** The line for a turn at {@code now}. */
  public static String of(SupportHours hours, Instant now) {
    String state = hours.staffedAt(now)
        ? "It is open now."
        : "It is closed now and opens again " + Wording.english().teamBack(hours, now) + ".";
    return "Our support team (people the customer can talk to) is available " + week(hours)
        + " (" + hours.timeZone() + " time) and closed otherwise. " + state;
  }

  private static String week(SupportHours hours) {
    return String.join("; ", hours.spans().stream().map(span -> (span.first() == span.last() ? name(span.first())
        : name(span.first()) + " to " + name(span.last())) + " " + String.join(" and ", span.openings())).toList());
  }

  private static String name(DayOfWeek day) {
    return day.getDisplayName(TextStyle.FULL, Locale.ENGLISH);
  }
}
