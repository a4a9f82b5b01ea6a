package io.parley.sessions;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Lifecycle of a session as clients see it. */
public enum SessionStatus {
  OPEN,
  /** Closed; the transcript is not in the archive yet (the entity keeps trying). */
  CLOSED,
  /** Closed and archived. */
  ARCHIVED;

  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
