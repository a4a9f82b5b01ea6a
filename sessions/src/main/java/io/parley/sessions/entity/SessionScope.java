package io.parley.sessions.entity;

import io.parley.core.release.MemberReleases;
import io.parley.sessions.ClusterReleases;
import io.parley.core.session.SessionId;
import java.time.Clock;
import java.time.Instant;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.slf4j.event.Level;
import org.slf4j.spi.LoggingEventBuilder;

/** What every handler of one session tells by: the session's id, the time, its log, and its children. */
public final class SessionScope {
  private final ActorContext<SessionInput> context;
  private final SessionId id;
  private final Clock clock;

  SessionScope(ActorContext<SessionInput> context, SessionId id, Clock clock) {
    this.context = context;
    this.id = id;
    this.clock = clock;
  }

  public SessionId id() {
    return id;
  }

  public Instant now() {
    return clock.instant();
  }

  /** Tells the session itself {@code command}, heard after what it handles now. */
  public void tellSelf(SessionInput command) {
    context.getSelf().tell(command);
  }

  /** The releases the cluster's members run, for a command that would write an event a recent release introduced. */
  MemberReleases members() {
    return ClusterReleases.get(context.getSystem()).get();
  }

  /** Starts a child that answers someone directly and stops by itself (a reply suggestion). */
  public void spawnHelper(Behavior<?> helper) {
    context.spawnAnonymous(helper);
  }

  /**
   * A log line carrying the tenant and session as key-value pairs: Pekko Persistence sets its own
   * MDC on an entity's log, so the MDC cannot carry them here.
   */
  public LoggingEventBuilder log(Level level) {
    return context.getLog().atLevel(level).addKeyValue("tenant", id.tenant()).addKeyValue("sessionId", id.wireId());
  }
}
