package io.parley.core.handoff;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When a tenant's support team is at work: an IANA time zone and, for each day of the week
 * ({@code "monday"} to {@code "sunday"}), its opening hours as written, {@code "09:00-17:00"}, in
 * that zone's wall-clock time (so a change to or from summer time moves them with the clock).
 * An opening ends at the latest at midnight ({@code "24:00"}); one running past it is two, the
 * second on the next day's list. The bot configuration's reader checks every entry
 * ({@link #problems}) before a configuration holds one.
 */
public record SupportHours(String timeZone, Map<String, List<String>> weekly) {
  /** The days' names as the configuration writes them, Monday first. */
  public static final List<String> DAYS =
      List.of("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday");
  private static final Pattern RANGE = Pattern.compile("([01][0-9]|2[0-3]):([0-5][0-9])-(([01][0-9]|2[0-3]):([0-5][0-9])|24:00)");
  private static final int DAY_MINUTES = 24 * 60;

  public SupportHours {
    Map<String, List<String>> ordered = new LinkedHashMap<>();
    for (String day : DAYS) {
      List<String> openings = weekly == null ? null : weekly.get(day);
      if (openings != null && !openings.isEmpty()) ordered.put(day, List.copyOf(openings));
    }
    weekly = Collections.unmodifiableMap(ordered);
  }

  /** One opening of a day, from minute {@code from} to minute {@code to} (at most 1440, midnight). */
  record Opening(int from, int to) {
    /** {@code "09:00-17:00"} read, if it is one. */
    static Optional<Opening> parse(String written) {
      Matcher range = RANGE.matcher(written);
      if (!range.matches()) return Optional.empty();
      int from = Integer.parseInt(range.group(1)) * 60 + Integer.parseInt(range.group(2));
      int to = range.group(4) == null ? DAY_MINUTES : Integer.parseInt(range.group(4)) * 60 + Integer.parseInt(range.group(5));
      return Optional.of(new Opening(from, to));
    }
  }

  /**
   * What is wrong with a zone and a week's hours, each problem naming its entry under {@code field}
   * ({@code supportHours.weekly.monday[1]: ...}): a zone that is not an IANA one, a day that is no
   * day, a range not written {@code HH:MM-HH:MM}, one ending before it starts, two of a day that
   * overlap, and a week without any opening.
   */
  public static List<String> problems(String field, String timeZone, Map<String, List<String>> weekly) {
    List<String> problems = new ArrayList<>();
    if (!ZoneId.getAvailableZoneIds().contains(timeZone)) {
      problems.add(field + ".timeZone: \"" + timeZone + "\" is not an IANA time zone, such as \"Europe/Berlin\"");
    }
    int openings = 0;
    for (Map.Entry<String, List<String>> day : weekly.entrySet()) {
      String at = field + ".weekly." + day.getKey();
      if (!DAYS.contains(day.getKey())) {
        problems.add(at + ": not a day (known: " + String.join(", ", DAYS) + ")");
        continue;
      }
      List<Opening> read = new ArrayList<>();
      for (int i = 0; i < day.getValue().size(); i++) {
        String written = day.getValue().get(i);
        Optional<Opening> opening = Opening.parse(written);
        String entry = at + "[" + i + "]: \"" + written + "\"";
        if (opening.isEmpty()) {
          problems.add(entry + " must be a time range such as \"09:00-17:00\" (24:00 for midnight)");
        } else if (opening.get().to() <= opening.get().from()) {
          problems.add(entry + " ends before it starts: a range past midnight is two, the second on the next day");
        } else {
          for (int j = 0; j < read.size(); j++) {
            Opening earlier = read.get(j);
            if (earlier != null && opening.get().from() < earlier.to() && earlier.from() < opening.get().to()) {
              problems.add(entry + " overlaps \"" + day.getValue().get(j) + "\"");
            }
          }
          openings++;
        }
        read.add(opening.filter(o -> o.to() > o.from()).orElse(null));
      }
    }
    if (openings == 0 && problems.isEmpty()) problems.add(field + ".weekly: names no opening hours (set a day's, such as \"monday\": [\"09:00-17:00\"])");
    return problems;
  }

  /**
   * Days of the same openings in a row, Monday first ({@code first} to {@code last}, the same day
   * when alone), each opening as written and in the order of the day: how the week is told to a
   * reader, "Monday to Friday 09:00-17:00" rather than five lines. Days without hours are left out.
   */
  public List<DaySpan> spans() {
    List<DaySpan> spans = new ArrayList<>();
    int first = 0;
    while (first < DAYS.size()) {
      List<String> openings = weekly.get(DAYS.get(first));
      int last = first;
      while (last + 1 < DAYS.size() && openings != null && openings.equals(weekly.get(DAYS.get(last + 1)))) last++;
      if (openings != null) {
        spans.add(new DaySpan(DayOfWeek.of(first + 1), DayOfWeek.of(last + 1), openings.stream().sorted().toList()));
      }
      first = last + 1;
    }
    return spans;
  }

  /** Days {@code first} to {@code last} of a week, each open during {@code openings} ("09:00-17:00"). */
  public record DaySpan(DayOfWeek first, DayOfWeek last, List<String> openings) {}

  public ZoneId zone() {
    return ZoneId.of(timeZone);
  }

  /** Whether the team is at work at {@code now}. */
  public boolean staffedAt(Instant now) {
    ZonedDateTime local = now.atZone(zone());
    LocalDate today = local.toLocalDate();
    for (Opening opening : openingsOf(today.getDayOfWeek())) {
      if (!now.isBefore(startOf(today, opening).toInstant()) && now.isBefore(endOf(today, opening).toInstant())) return true;
    }
    return false;
  }

  /**
   * When the team next starts work after {@code now}, in the tenant's zone: a week's openings are
   * looked through from today on, up to the same day next week (an opening earlier today than
   * now comes round again then). A start that falls in a summer-time gap is moved on by the gap.
   */
  public ZonedDateTime nextOpening(Instant now) {
    LocalDate today = now.atZone(zone()).toLocalDate();
    for (int days = 0; days <= 7; days++) {
      LocalDate date = today.plusDays(days);
      for (Opening opening : openingsOf(date.getDayOfWeek())) {
        ZonedDateTime start = startOf(date, opening);
        if (start.toInstant().isAfter(now)) return start;
      }
    }
    throw new IllegalStateException("support hours without any opening");
  }

  private List<Opening> openingsOf(DayOfWeek day) {
    return weekly.getOrDefault(DAYS.get(day.getValue() - 1), List.of()).stream()
        .map(written -> Opening.parse(written).orElseThrow()).sorted((a, b) -> Integer.compare(a.from(), b.from())).toList();
  }

  private ZonedDateTime startOf(LocalDate date, Opening opening) {
    return date.atStartOfDay().plusMinutes(opening.from()).atZone(zone());
  }

  private ZonedDateTime endOf(LocalDate date, Opening opening) {
    return date.atStartOfDay().plusMinutes(opening.to()).atZone(zone());
  }
}
