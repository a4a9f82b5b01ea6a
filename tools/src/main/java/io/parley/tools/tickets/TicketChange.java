package io.parley.tools.tickets;

import java.time.Instant;
import java.util.Optional;

/**
 * One entry of a ticket's history: its creation, or one update (a new status, a new priority, a
 * new assignee, a note, or several of them at once).
 *
 * @param seq its place in the history, from 1 (the creation)
 * @param statusFrom the status before, present when the status changed
 * @param statusTo the status after, present when it changed and in the creation
 * @param priorityFrom the priority before, present when the priority changed
 * @param priorityTo the priority after, present when it changed and in the creation
 * @param assignedTo whom it was assigned to, present when that changed
 */
public record TicketChange(
    int seq, Instant at, Optional<TicketStatus> statusFrom, Optional<TicketStatus> statusTo,
    Optional<TicketPriority> priorityFrom, Optional<TicketPriority> priorityTo, Optional<String> note,
    Optional<String> assignedTo) {

  /** "created" for the first entry, "updated" for the others. */
  public String action() {
    return seq == 1 ? "created" : "updated";
  }
}
