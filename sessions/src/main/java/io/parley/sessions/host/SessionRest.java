package io.parley.sessions.host;

import io.parley.sessions.SessionUpdate;
import io.parley.sessions.entity.SessionCommand;
import java.time.Instant;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * What an open session's incarnation and the {@link SessionHost} that keeps it say to each other
 * about sleeping: the incarnation says when nothing is under way, the host asks it to {@link Sleep}
 * once no command is on its way to it, and the incarnation, still at rest, hands over what must
 * outlive it (its followers and when it closes for idleness). The incarnation hears {@code Sleep}
 * behind a message adapter, so the host knows nothing of its own commands. Local messages: a host
 * and its incarnation are always on one node.
 */
public sealed interface SessionRest {

  /**
   * Nothing is under way in {@code incarnation}: no turn, no waiter, no handoff, no pending ask. It
   * hears the host's {@link Sleep} at {@code asks}.
   */
  record Resting(ActorRef<SessionCommand> incarnation, ActorRef<Sleep> asks) implements SessionRest {}

  /** From the host: sleep, if nothing is under way still. */
  record Sleep() {}

  /** Still at rest when asked to sleep: the host keeps {@code followers} and wakes it at {@code idleCloseDue}. */
  record Slept(ActorRef<SessionCommand> incarnation, Set<ActorRef<SessionUpdate>> followers, Instant idleCloseDue)
      implements SessionRest {}

  /** Asked to sleep, but something started meanwhile: the host hands it what it held back. */
  record StillAwake(ActorRef<SessionCommand> incarnation) implements SessionRest {}

  /**
   * {@code incarnation} could not replay its journal ({@code cause}); it retries by itself with
   * backoff unless its host stops it, which it does when the failure is the session's own
   * (docs/operations.md#failed-safe-sessions).
   */
  record RecoveryFailed(ActorRef<SessionCommand> incarnation, Throwable cause) implements SessionRest {}

  /**
   * An incarnation's host ({@code actor}, which takes both what is said above and the session's
   * commands), and the followers it starts with (those the last incarnation handed over).
   * {@code unasked}: woken by no command (its idle close is due, or its shard restarted it), the
   * incarnation asks itself at once whether it is at rest, so that it sleeps again straight after
   * its replay.
   */
  record Host(ActorRef<Object> actor, Set<ActorRef<SessionUpdate>> followers, boolean unasked) {
    public Host {
      followers = Set.copyOf(followers);
    }

    /** Where the session is reached: the host, which outlives each incarnation. */
    public ActorRef<SessionCommand> address() {
      return actor.narrow();
    }

    public void tell(SessionRest said) {
      actor.tell(said);
    }
  }
}
