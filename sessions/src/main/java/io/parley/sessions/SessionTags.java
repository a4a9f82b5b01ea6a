package io.parley.sessions;

import io.parley.core.session.SessionId;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The tags sessions' events carry: {@link #COUNT} slices of the journal, a session always in the
 * same one, each read by one instance of the conversations projection. The count is fixed for good:
 * a new count would put sessions' next events in other slices than their first.
 */
public final class SessionTags {
  public static final int COUNT = 8;
  private static final String PREFIX = "sessions-";

  private SessionTags() {}

  /** The tag of the session's events (String.hashCode is the same on every JVM). */
  public static String of(SessionId session) {
    return PREFIX + Math.floorMod(session.entityId().hashCode(), COUNT);
  }

  public static List<String> all() {
    return IntStream.range(0, COUNT).mapToObj(slice -> PREFIX + slice).toList();
  }
}
