package io.parley.tools.tickets;

import java.util.Objects;
import java.util.Optional;

/**
 * A change to a ticket: a status, a priority, a note, or any of them together.
 *
 * @throws IllegalArgumentException when it changes nothing, or the note is blank or too long
 */
public record TicketUpdate(Optional<TicketStatus> status, Optional<TicketPriority> priority, Optional<String> note) {
  public static final int MAX_NOTE_CHARS = 10_000;

  public TicketUpdate {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(priority, "priority");
    Objects.requireNonNull(note, "note");
    note = note.map(String::strip);
    if (note.isPresent() && note.get().isEmpty()) throw new IllegalArgumentException("note must not be blank");
    if (note.isPresent() && note.get().length() > MAX_NOTE_CHARS) {
      throw new IllegalArgumentException("note is " + note.get().length() + " characters; the limit is " + MAX_NOTE_CHARS);
    }
    if (status.isEmpty() && priority.isEmpty() && note.isEmpty()) {
      throw new IllegalArgumentException("an update needs a status, a priority or a note");
    }
  }
}
