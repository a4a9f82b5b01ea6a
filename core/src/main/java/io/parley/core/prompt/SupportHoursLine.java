package io.parley.core.prompt;

import io.parley.core.handoff.SupportHours;
import io.parley.core.language.Wording;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
    List<String> spans = new ArrayList<>();
    List<String> days = SupportHours.DAYS;
    int first = 0;
    while (first < days.size()) {
      List<String> openings = hours.weekly().get(days.get(first));
      int last = first;
      while (last + 1 < days.size() && openings != null && openings.equals(hours.weekly().get(days.get(last + 1)))) last++;
      if (openings != null) {
        String named = last == first ? title(days.get(first)) : title(days.get(first)) + " to " + title(days.get(last));
        spans.add(named + " " + String.join(" and ", openings.stream().sorted().toList()));
      }
      first = last + 1;
    }
    return String.join("; ", spans);
  }

  private static String title(String day) {
    return day.substring(0, 1).toUpperCase(Locale.ROOT) + day.substring(1);
  }
}
