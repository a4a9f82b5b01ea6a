package io.parley.persistence.desk;

import java.time.Instant;

/**
 * A reply the tenant's admins wrote once for its agents to insert: {@code body} may hold variables,
 * {@code {{customer.name}}} or {@code {{agent.name}}}, which the console fills for the conversation.
 */
public record SavedReply(String id, String title, String body, String updatedBy, Instant updatedAt) {
  public static final int MAX_TITLE = 100;
  public static final int MAX_BODY = 4000;

  /** A title and body fit to store, stripped; else {@code IllegalArgumentException} naming the field. */
  public static String[] checked(String title, String body) {
    String t = title == null ? "" : title.strip();
    String b = body == null ? "" : body.strip();
    if (t.isEmpty() || t.length() > MAX_TITLE || t.chars().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException("title must be 1 to " + MAX_TITLE + " characters on one line");
    }
    if (b.isEmpty() || b.length() > MAX_BODY) {
      throw new IllegalArgumentException("body must be 1 to " + MAX_BODY + " characters");
    }
    return new String[] {t, b};
  }
}
