package io.parley.tools.tickets;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Where a ticket stands: {@code open} (waiting for the support team), {@code pending} (waiting for
 * the customer or a third party), {@code resolved} (answered; the customer may still reply),
 * {@code closed} (done). Any status may follow any other: a resolved or closed ticket can be
 * reopened by a person.
 */
public enum TicketStatus {
  OPEN,
  PENDING,
  RESOLVED,
  CLOSED;

  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<TicketStatus> fromWireName(String name) {
    return Arrays.stream(values()).filter(status -> status.wireName().equals(name)).findFirst();
  }
}
