package io.parley.sessions.failsafe;

import io.parley.core.session.SessionFailure;
import io.parley.core.session.SessionId;
import io.parley.sessions.entity.SessionCommand;
import io.parley.sessions.entity.SessionInput;
import io.parley.sessions.host.SessionRest;
import io.parley.sessions.host.WaitingIncarnation;
import java.time.Clock;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.BehaviorInterceptor;
import org.apache.pekko.actor.typed.TypedActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * What a session's incarnation is first (docs/operations.md#failed-safe-sessions): it asks
 * {@link SessionFailures} whether the session is failed-safe, keeping the commands that arrive
 * meanwhile ({@link WaitingIncarnation}), and becomes a {@link FailedSafeSession} if it is, which replays nothing, or the session
 * itself if not. Either way it counts what makes the incarnation fail while it runs (a command
 * handler that throws, a stack overflowed by an event): such a failure stops the incarnation, as it
 * did before, and its next one may be failed-safe. A failed replay, which the session retries by
 * itself, is counted by its host ({@link io.parley.sessions.host.SessionHost}).
 */
public final class FailSafeGate {
  private FailSafeGate() {}

  /**
   * The incarnation of session {@code id} that {@code host} keeps: {@code session} unless the session
   * is failed-safe. {@code check}: whether to ask (a session whose id was just minted has nothing to
   * replay and no failures). {@code stop}: sharding's stop.
   */
  public static Behavior<SessionInput> create(SessionId id, SessionFailures failures, SessionRest.Host host,
      SessionInput stop, boolean check, Supplier<Behavior<SessionInput>> session) {
    if (!check) return counting(id, failures, session.get()).narrow();
    return WaitingIncarnation.create(id, "being checked", () -> failures.failedSafe(id), (failedSafe, never) ->
        Boolean.TRUE.equals(failedSafe) ? FailedSafeSession.create(id, host, stop, failures, Clock.systemUTC()).narrow()
            : counting(id, failures, session.get()).narrow());
  }

  /**
   * The session, counted, as the behavior that follows this one in the same actor: every message is
   * seen, the journal's answers during a replay too, and all that reaches the session is what its
   * address takes.
   */
  @SuppressWarnings("unchecked")
  private static Behavior<Object> counting(SessionId id, SessionFailures failures, Behavior<SessionInput> session) {
    return Behaviors.intercept(() -> new Counting(id, failures), (Behavior<Object>) (Behavior<?>) session);
  }

  /**
   * Counts a failure that escapes the session. A stack overflow is an error Pekko would take for
   * fatal and exit the node on (pekko.jvm-exit-on-fatal-error); here its stack is unwound already,
   * so it fails this incarnation only.
   */
  private static final class Counting extends BehaviorInterceptor<Object, Object> {
    private final SessionId id;
    private final SessionFailures failures;

    Counting(SessionId id, SessionFailures failures) {
      super(Object.class);
      this.id = id;
      this.failures = failures;
    }

    @Override
    public Behavior<Object> aroundReceive(TypedActorContext<Object> context, Object message,
        ReceiveTarget<Object> target) {
      try {
        return target.apply(context, message);
      } catch (RuntimeException failed) {
        failures.report(id, SessionFailure.Kind.COMMAND, failed);
        throw failed;
      } catch (StackOverflowError overflowed) {
        failures.report(id, SessionFailure.Kind.COMMAND, overflowed);
        throw new IllegalStateException("session " + id + " overflowed its stack", overflowed);
      }
    }
  }
}
