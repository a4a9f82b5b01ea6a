package io.parley.persistence.desk;

import java.time.Instant;

/**
 * A reply the tenant's admins wrote once for its agents to insert: {@code body} may hold variables,
 * {@code {{customer.name}}} or {@code {{agent.name}}}, which the console fills for the conversation.
 */
public record SavedReply(String id, String title, String body, String updatedBy, Instant updatedAt) {
  public static final int MAX_TITLE = 100;
  public static final int MAX_BODY = 4000;

  /** What an admin writes: a title and body fit to store, stripped. */
  public record Written(String title, String body) {
    /** Else {@code IllegalArgumentException} naming the field. */
    public Written {
      title = title == null ? "" : title.strip();
      body = body == null ? "" : body.strip();
      if (title.isEmpty() || title.length() > MAX_TITLE || title.chars().anyMatch(Character::isISOControl)) {
        throw new IllegalArgumentException("title must be 1 to " + MAX_TITLE + " characters on one line");
      }
      if (body.isEmpty() || body.length() > MAX_BODY) {
        throw new IllegalArgumentException("body must be 1 to " + MAX_BODY + " characters");
      }
    }
  }
}
