package io.parley.tools.tickets;

import io.parley.core.WireName;
import java.util.Optional;

/**
 * Where a ticket stands: {@code open} (waiting for the support team), {@code pending} (waiting for
 * the customer or a third party), {@code resolved} (answered; the customer may still reply),
 * {@code closed} (done). Any status may follow any other: a resolved or closed ticket can be
 * reopened by a person.
 */
public enum TicketStatus implements WireName.InJson {
  OPEN,
  PENDING,
  RESOLVED,
  CLOSED;

  public static Optional<TicketStatus> fromWireName(String name) {
    return WireName.find(values(), name);
  }
}
