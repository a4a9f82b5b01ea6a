package io.parley.sessions.failsafe;

import io.parley.core.session.FailureTally;
import io.parley.core.session.SessionFailure;
import io.parley.core.session.SessionFailureLog;
import io.parley.core.session.SessionId;
import io.parley.sessions.SessionMetrics;
import java.time.Clock;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's account of failing sessions (docs/operations.md#failed-safe-sessions): it counts a
 * session's own failures in the {@link SessionFailureLog}, off the actor threads, tells whether a
 * session is failed-safe before it replays, and lets staff retry one. The gauge of failed-safe
 * sessions per tenant is the table's count as this node last read it: after a count, a check that
 * found one, or a retry.
 */
public final class SessionFailures {
  private static final Logger LOG = LoggerFactory.getLogger(SessionFailures.class);

  private final SessionFailureLog log;
  private final int bound;
  private final Executor blocking;
  private final SessionMetrics metrics;
  private final Clock clock;

  public SessionFailures(SessionFailureLog log, FailSafeSettings settings, Executor blocking, SessionMetrics metrics,
      Clock clock) {
    this.log = log;
    this.bound = settings.failuresBeforeFailedSafe();
    this.blocking = blocking;
    this.metrics = metrics;
    this.clock = clock;
  }

  /**
   * Counts {@code thrown} against session {@code id} unless the store failed ({@link CountedFailure});
   * whether it counted. The count is written in the background: a failure to write it is logged.
   */
  public boolean report(SessionId id, SessionFailure.Kind kind, Throwable thrown) {
    Optional<SessionFailure> counted = CountedFailure.of(kind, thrown);
    if (counted.isEmpty()) return false;
    SessionFailure failure = counted.get();
    CompletableFuture.runAsync(() -> {
      FailureTally tally = log.count(id, failure, clock.instant());
      metrics.sessionFailed(id.tenant(), kind.wireName());
      LOG.warn("session {} failed ({}: {}), {} of {} before it is failed-safe", id, kind.wireName(), failure.reason(),
          tally.count(), bound);
      if (tally.failedSafe(bound)) refreshGauge(id.tenant());
    }, blocking).exceptionally(writing -> {
      LOG.error("cannot count a failure of session {}: {}", id, writing.toString());
      return null;
    });
    return true;
  }

  /**
   * Whether session {@code id} is failed-safe. A store that does not answer says no: the session
   * replays, and its journal's failure is the store's, which does not count.
   */
  public CompletionStage<Boolean> failedSafe(SessionId id) {
    return CompletableFuture.supplyAsync(() -> log.find(id).filter(tally -> tally.failedSafe(bound)).isPresent(),
        blocking).exceptionally(reading -> {
          LOG.warn("cannot read whether session {} is failed-safe: {}", id, reading.toString());
          return false;
        });
  }

  /** A failed-safe session woke: the gauge is read again, as it may be this node's first look since it started. */
  void seen(SessionId id) {
    CompletableFuture.runAsync(() -> refreshGauge(id.tenant()), blocking);
  }

  /** Clears the session's failures (blocking): its next command recovers as usual. False when it had none. */
  public boolean retry(SessionId id) {
    boolean had = log.clear(id);
    if (had) refreshGauge(id.tenant());
    return had;
  }

  /** The failed-safe ones of {@code wireIds}, the tenant's sessions, with their tallies (blocking). */
  public Map<String, FailureTally> failedSafeOf(String tenant, Collection<String> wireIds) {
    return log.of(tenant, wireIds).entrySet().stream().filter(entry -> entry.getValue().failedSafe(bound))
        .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue));
  }

  private void refreshGauge(String tenant) {
    try {
      metrics.failedSafeSessions(tenant, log.failedSafe(tenant, bound));
    } catch (RuntimeException e) {
      LOG.warn("cannot count the failed-safe sessions of tenant {}: {}", tenant, e.toString());
    }
  }
}
