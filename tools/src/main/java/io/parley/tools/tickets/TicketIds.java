package io.parley.tools.tickets;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ticket ids as people write them: {@code T-1042} is ticket number 1042 of the tenant. Parsing is
 * lenient about what customers and models type: {@code T-1042}, {@code t-1042}, {@code T1042},
 * {@code #1042} and {@code 1042} are the same ticket.
 */
public final class TicketIds {
  private static final Pattern ID = Pattern.compile("^\\s*#?\\s*(?:[Tt]\\s*-?\\s*)?(\\d{1,15})\\s*$");

  private TicketIds() {}

  public static String format(long number) {
    return "T-" + number;
  }

  /** The ticket number in {@code text}, or empty when it is not a ticket id. */
  public static Optional<Long> parse(String text) {
    if (text == null) return Optional.empty();
    Matcher matcher = ID.matcher(text);
    return matcher.matches() ? Optional.of(Long.parseLong(matcher.group(1))) : Optional.empty();
  }
}
