package io.parley.tools.tickets;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * How soon a ticket needs a person, and the first-response target that promises: urgent within 1
 * hour, high within 4 hours, normal within 1 business day, low within 3 business days. The sample
 * knowledge base's article on response times states the same targets; change both together.
 */
public enum TicketPriority {
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

  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<TicketPriority> fromWireName(String name) {
    return Arrays.stream(values()).filter(priority -> priority.wireName().equals(name)).findFirst();
  }
}
