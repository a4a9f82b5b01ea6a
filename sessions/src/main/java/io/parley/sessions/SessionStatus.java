package io.parley.sessions;

import io.parley.core.WireName;

/** Lifecycle of a session as clients see it. */
public enum SessionStatus implements WireName.InJson {
  OPEN,
  /** Closed; the transcript is not in the archive yet (the entity keeps trying). */
  CLOSED,
  /** Closed and archived. */
  ARCHIVED;
}
