package io.parley.tools.tickets;

import io.parley.core.WireName;
import java.util.Optional;

/**
 * How soon a ticket needs a person, and the first-response target that promises: urgent within 1
 * hour, high within 4 hours, normal within 1 business day, low within 3 business days. The sample
 * knowledge base's article on response times states the same targets; change both together.
 */
public enum TicketPriority implements WireName.InJson {
  LOW("3 business days"),
  NORMAL("1 business day"),
  HIGH("4 hours"),
  URGENT("1 hour");

  private final String responseTarget;

  TicketPriority(String responseTarget) {
    this.responseTarget = responseTarget;
  }

  /** "1 business day": how soon the support team answers a ticket of this priority. */
  public String responseTarget() {
    return responseTarget;
  }

  /** "within 1 business day", as told to a customer. */
  public String expectedResponse() {
    return "within " + responseTarget;
  }

  public static Optional<TicketPriority> fromWireName(String name) {
    return WireName.find(values(), name);
  }
}
