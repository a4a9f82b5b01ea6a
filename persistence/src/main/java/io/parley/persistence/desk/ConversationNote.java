package io.parley.persistence.desk;

import java.time.Instant;

/** A note of the staff on a conversation, for the staff only: who wrote it, when, and what. */
public record ConversationNote(String id, String authorId, String authorName, String body, Instant createdAt) {
  public static final int MAX_BODY = 4000;
}
