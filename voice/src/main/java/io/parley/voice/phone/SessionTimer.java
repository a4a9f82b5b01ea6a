package io.parley.voice.phone;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * RFC 4028 session timers, as the answering side negotiates them from a caller's INVITE, re-INVITE
 * or UPDATE: a session the caller supports timers for is refreshed at least every interval, and
 * the side that does not refresh ends it, slightly before the interval runs out, when no refresh
 * came. The caller refreshes unless it asks the node to ({@code refresher=uas}).
 */
sealed interface SessionTimer {
  /** The caller offers no timer: the session runs on without refreshes. */
  record None() implements SessionTimer {}

  /** The interval asked for is below the node's minimum: 422 Session Interval Too Small with {@code Min-SE}. */
  record TooSmall(Duration minimum) implements SessionTimer {}

  /**
   * The session's interval, and who refreshes it.
   *
   * @param callerRefreshes the caller refreshes ({@code refresher=uac}); else the node does
   * @param required the caller supports timers, so the answer says {@code Require: timer}
   */
  record Running(Duration interval, boolean callerRefreshes, boolean required) implements SessionTimer {
    /** The response's {@code Session-Expires} value. */
    public String sessionExpires() {
      return interval.toSeconds() + ";refresher=" + (callerRefreshes ? "uac" : "uas");
    }

    /**
     * When the node, not refreshing, ends a session that was not refreshed: the interval less the
     * lesser of 32 s and a third of it (RFC 4028 §10).
     */
    public Duration expiry() {
      return interval.minus(Duration.ofSeconds(Math.min(32, interval.toSeconds() / 3)));
    }

    /** When the node refreshes a session it is the refresher of: half the interval (RFC 4028 §10). */
    public Duration refreshAfter() {
      return interval.dividedBy(2);
    }
  }

  /**
   * The timer for a request with {@code sessionExpires} (the header's value, {@code 1800;refresher=uac})
   * and {@code minSe} ({@code Min-SE}'s), whose caller does or does not list {@code timer} in
   * {@code Supported}. The node asks for {@code preferred} when a caller that supports timers
   * names no interval, and accepts no less than {@code minimum}. A malformed value counts as absent.
   */
  static SessionTimer negotiate(Optional<String> sessionExpires, Optional<String> minSe, boolean callerSupportsTimer,
      Duration minimum, Duration preferred) {
    Optional<Long> asked = sessionExpires.flatMap(SessionTimer::seconds);
    long floor = Math.max(minimum.toSeconds(), minSe.flatMap(SessionTimer::seconds).orElse(0L));
    if (asked.isEmpty()) {
      return callerSupportsTimer
          ? new Running(Duration.ofSeconds(Math.max(floor, preferred.toSeconds())), true, true) : new None();
    }
    if (asked.get() < minimum.toSeconds()) {
      // A caller that knows no timers cannot act on a 422: its interval is raised instead (RFC 4028 §9).
      if (callerSupportsTimer) return new TooSmall(minimum);
      return new Running(Duration.ofSeconds(floor), false, false);
    }
    boolean askedUas = sessionExpires.get().toLowerCase(Locale.ROOT).replace(" ", "").contains("refresher=uas");
    // Without timer support the caller cannot refresh: the node does.
    boolean callerRefreshes = callerSupportsTimer && !askedUas;
    return new Running(Duration.ofSeconds(asked.get()), callerRefreshes, callerSupportsTimer);
  }

  /**
   * The timer after the caller's 2xx to a refresh the node sent, whose {@code Session-Expires} names
   * the roles of that transaction: {@code refresher=uac} is the node. Without one the caller wants
   * no timer (RFC 4028 §7.2).
   */
  static SessionTimer afterNodesRefresh(Optional<String> sessionExpires) {
    Optional<Long> seconds = sessionExpires.flatMap(SessionTimer::seconds);
    if (seconds.isEmpty()) return new None();
    boolean callerRefreshes = sessionExpires.get().toLowerCase(Locale.ROOT).replace(" ", "").contains("refresher=uas");
    return new Running(Duration.ofSeconds(seconds.get()), callerRefreshes, true);
  }

  /** The delta-seconds before any parameters; empty when they are not a positive number. */
  private static Optional<Long> seconds(String value) {
    String number = value.split(";", 2)[0].strip();
    try {
      long seconds = Long.parseLong(number);
      return seconds > 0 ? Optional.of(seconds) : Optional.empty();
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
