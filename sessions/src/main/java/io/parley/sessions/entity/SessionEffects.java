package io.parley.sessions.entity;

import io.parley.core.release.MemberReleases;
import io.parley.core.session.ErrorCode;
import io.parley.core.session.Refusal;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.javadsl.EffectBuilder;
import org.apache.pekko.persistence.typed.javadsl.EffectFactories;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;

/**
 * The one way a session's handlers persist, and so the one place {@link SessionEvent#INTRODUCED}
 * is applied: an event type a recent release introduced is written only once every member reads
 * it (docs/cluster.md, "Upgrading"). A command that would start writing one is refused as
 * unavailable ({@link #persistOrRefuse}) or goes on without it ({@link #persistIfReadable});
 * {@link #persist} writes what follows such a start, which the journal already holds. Each
 * command's events are the ones {@link SessionProtocol} lists for its route, which the entity's
 * tests check as every event goes by.
 */
public final class SessionEffects {
  private final EffectFactories<SessionEvent, SessionState> effect;
  private final Supplier<MemberReleases> members;
  private Set<Class<? extends SessionEvent>> listed = Set.of();

  SessionEffects(EffectFactories<SessionEvent, SessionState> effect, Supplier<MemberReleases> members) {
    this.effect = effect;
    this.members = members;
  }

  /** The events the route answering now may persist, as the protocol lists them. */
  void answering(Set<Class<? extends SessionEvent>> persists) {
    listed = persists;
  }

  public EffectBuilder<SessionEvent, SessionState> persist(SessionEvent event) {
    return persist(List.of(event));
  }

  public EffectBuilder<SessionEvent, SessionState> persist(List<? extends SessionEvent> events) {
    assert events.stream().allMatch(event -> listed.contains(event.getClass()))
        : "persisted " + events.stream().map(event -> event.getClass().getSimpleName()).toList()
            + ", but the route lists only " + listed.stream().map(Class::getSimpleName).sorted().toList();
    return effect.persist(List.copyOf(events));
  }

  /**
   * Persists {@code events} and goes on as {@code then} says; while a member of an older release
   * could not read one of them, persists nothing and refuses {@code replyTo} as unavailable.
   */
  public <T> ReplyEffect<SessionEvent, SessionState> persistOrRefuse(List<? extends SessionEvent> events,
      ActorRef<StatusReply<T>> replyTo,
      Function<EffectBuilder<SessionEvent, SessionState>, ReplyEffect<SessionEvent, SessionState>> then) {
    Optional<Class<?>> unread = unread(events);
    if (unread.isPresent()) {
      return effect.reply(replyTo, StatusReply.error(Refusal.of(ErrorCode.UNAVAILABLE,
          SessionEvent.INTRODUCED.notYet(unread.get()))));
    }
    return then.apply(persist(events));
  }

  /** Persists {@code events} once every member reads them; empty (nothing persisted) until then. */
  public Optional<EffectBuilder<SessionEvent, SessionState>> persistIfReadable(List<? extends SessionEvent> events) {
    return unread(events).isPresent() ? Optional.empty() : Optional.of(persist(events));
  }

  private Optional<Class<?>> unread(List<? extends SessionEvent> events) {
    MemberReleases up = members.get();
    return events.stream().<Class<?>>map(Object::getClass)
        .filter(type -> !SessionEvent.INTRODUCED.writable(type, up)).findFirst();
  }

  public <T> ReplyEffect<SessionEvent, SessionState> reply(ActorRef<T> replyTo, T reply) {
    return effect.reply(replyTo, reply);
  }

  public ReplyEffect<SessionEvent, SessionState> noReply() {
    return effect.noReply();
  }

  public EffectBuilder<SessionEvent, SessionState> none() {
    return effect.none();
  }

  public ReplyEffect<SessionEvent, SessionState> stash() {
    return effect.stash();
  }

  public EffectBuilder<SessionEvent, SessionState> stop() {
    return effect.stop();
  }
}
