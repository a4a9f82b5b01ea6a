package io.parley.tools.tickets;

import java.time.Instant;
import java.util.Optional;

/**
 * A support ticket.
 *
 * @param number its number within the tenant; {@link #id()} is how people write it
 * @param sessionId the chat session that opened it, or empty for one opened through the REST API
 * @param updatedAt the last change of status, priority or assignee, or note; the creation at first
 * @param assignee the staff member who took it (their agent id), or empty while nobody has
 * @param emailContact the customer left an email address for replies (kept sealed in the conversation, not here)
 */
public record Ticket(
    String tenant, long number, Optional<String> sessionId, String subject, String description,
    TicketPriority priority, TicketStatus status, Instant createdAt, Instant updatedAt, Optional<String> assignee,
    boolean emailContact) {

  public Ticket(String tenant, long number, Optional<String> sessionId, String subject, String description,
      TicketPriority priority, TicketStatus status, Instant createdAt, Instant updatedAt, Optional<String> assignee) {
    this(tenant, number, sessionId, subject, description, priority, status, createdAt, updatedAt, assignee, false);
  }

  /** "T-1042". */
  public String id() {
    return TicketIds.format(number);
  }
}
