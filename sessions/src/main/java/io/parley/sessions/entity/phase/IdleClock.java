package io.parley.sessions.entity.phase;

import io.parley.sessions.SessionMetrics;
import io.parley.sessions.entity.InternalCommand;
import io.parley.sessions.entity.SessionInput;
import io.parley.sessions.entity.SessionState.Open;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * An open session's clock, from its open to its close: its idle close, set again at every sign of
 * life, and its place in the open-sessions gauge (counted once, whichever of a close and a stop
 * comes first).
 */
public final class IdleClock {
  private static final Object IDLE_CLOSE = "idle-close";

  private final TimerScheduler<SessionInput> timers;
  private final Duration idleClose;
  private final Clock clock;
  private final SessionMetrics metrics;
  private boolean counted;

  public IdleClock(TimerScheduler<SessionInput> timers, Duration idleClose, Clock clock, SessionMetrics metrics) {
    this.timers = timers;
    this.idleClose = idleClose;
    this.clock = clock;
    this.metrics = metrics;
  }

  /** When the open session closes for idleness, unless a customer speaks first. */
  Instant closeDue(Open open) {
    return open.lastActivityAt().plus(idleClose);
  }

  /** The session is open (started, or recovered open): it counts, and its idle close is set. */
  public void opened(Open open) {
    if (!counted) metrics.sessionOpened();
    counted = true;
    reset(open);
  }

  /** Sets the idle close again, from the session's last activity. */
  public void reset(Open open) {
    Duration untilDue = Duration.between(clock.instant(), closeDue(open));
    timers.startSingleTimer(IDLE_CLOSE, new InternalCommand.IdleCloseDue(), untilDue.isNegative() ? Duration.ZERO : untilDue);
  }

  /** The session falls asleep: its host keeps the idle close instead. */
  void handedOver() {
    timers.cancel(IDLE_CLOSE);
  }

  void closed() {
    timers.cancel(IDLE_CLOSE);
    stopped();
  }

  /** The incarnation stopped (or the session closed): it no longer counts as open here. */
  public void stopped() {
    if (counted) metrics.sessionStopped();
    counted = false;
  }
}
