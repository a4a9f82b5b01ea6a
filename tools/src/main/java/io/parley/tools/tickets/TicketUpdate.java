package io.parley.tools.tickets;

import java.util.Objects;
import java.util.Optional;

/**
 * A change to a ticket: a status, a priority, an assignee (a staff member's agent id), a note, or
 * any of them together.
 *
 * @throws IllegalArgumentException when it changes nothing, the note is blank or too long, or the
 *     assignee blank or too long
 */
public record TicketUpdate(Optional<TicketStatus> status, Optional<TicketPriority> priority, Optional<String> note,
    Optional<String> assignee) {
  public static final int MAX_NOTE_CHARS = 10_000;
  public static final int MAX_ASSIGNEE_CHARS = 255;

  public TicketUpdate(Optional<TicketStatus> status, Optional<TicketPriority> priority, Optional<String> note) {
    this(status, priority, note, Optional.empty());
  }

  public TicketUpdate {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(priority, "priority");
    Objects.requireNonNull(note, "note");
    Objects.requireNonNull(assignee, "assignee");
    if (assignee.isPresent() && (assignee.get().isBlank() || assignee.get().length() > MAX_ASSIGNEE_CHARS)) {
      throw new IllegalArgumentException("an assignee is 1 to " + MAX_ASSIGNEE_CHARS + " characters");
    }
    note = note.map(String::strip);
    if (note.isPresent() && note.get().isEmpty()) throw new IllegalArgumentException("note must not be blank");
    if (note.isPresent() && note.get().length() > MAX_NOTE_CHARS) {
      throw new IllegalArgumentException("note is " + note.get().length() + " characters; the limit is " + MAX_NOTE_CHARS);
    }
    if (status.isEmpty() && priority.isEmpty() && note.isEmpty() && assignee.isEmpty()) {
      throw new IllegalArgumentException("an update needs a status, a priority, an assignee or a note");
    }
  }
}
