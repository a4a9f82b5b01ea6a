package io.parley.tools.tickets;

import java.util.Objects;

/**
 * A ticket to open.
 *
 * @throws IllegalArgumentException with a message fit for an API client when a part is missing or too long
 */
public record NewTicket(String subject, String description, TicketPriority priority) {
  public static final int MAX_SUBJECT_CHARS = 200;
  public static final int MAX_DESCRIPTION_CHARS = 10_000;

  public NewTicket {
    Objects.requireNonNull(priority, "priority");
    if (subject == null || subject.isBlank()) throw new IllegalArgumentException("subject must not be blank");
    if (description == null || description.isBlank()) throw new IllegalArgumentException("description must not be blank");
    subject = subject.strip();
    description = description.strip();
    if (subject.length() > MAX_SUBJECT_CHARS) {
      throw new IllegalArgumentException("subject is " + subject.length() + " characters; the limit is " + MAX_SUBJECT_CHARS);
    }
    if (description.length() > MAX_DESCRIPTION_CHARS) {
      throw new IllegalArgumentException("description is " + description.length() + " characters; the limit is "
          + MAX_DESCRIPTION_CHARS);
    }
  }
}
