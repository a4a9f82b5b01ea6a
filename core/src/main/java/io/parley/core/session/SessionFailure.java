package io.parley.core.session;

import io.parley.core.WireName;
import java.util.ArrayList;
import java.util.List;

/**
 * One failure of a session, as staff see it: where it came ({@link Kind}) and a short reason made of
 * the failure's exception types only, cause after cause. No exception message goes in: a message
 * may quote what a customer wrote or what a journal row held.
 */
public record SessionFailure(Kind kind, String reason) {
  /** The longest reason kept; a deep chain of causes is cut. */
  public static final int MAX_REASON = 200;

  /** Where a session failed. */
  public enum Kind implements WireName {
    /** Its journal could not be replayed into its state (an unreadable row, an event its fold refuses). */
    RECOVERY,
    /** A command, or what followed it, threw while the session ran. */
    COMMAND;

    public static Kind fromWireName(String name) {
      return WireName.of(values(), "a session failure's kind", name);
    }
  }

  public SessionFailure {
    if (reason.length() > MAX_REASON) reason = reason.substring(0, MAX_REASON);
  }

  /** The failure {@code thrown} at {@code kind}, named by its exception types. */
  public static SessionFailure of(Kind kind, Throwable thrown) {
    List<String> types = new ArrayList<>();
    for (Throwable cause = thrown; cause != null && types.size() < 8; cause = cause.getCause()) {
      types.add(cause.getClass().getSimpleName());
      if (cause.getCause() == cause) break;
    }
    return new SessionFailure(kind, String.join(" < ", types));
  }
}
