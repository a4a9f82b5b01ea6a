package io.parley.sessions.entity;

import io.parley.sessions.entity.SessionState.Erased;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventHandlerBuilder;
import org.apache.pekko.persistence.typed.javadsl.EventHandlerBuilderByState;

/**
 * Which fold applies which event in which phase: Pekko's event handler, built once for every
 * session of the node, and the list of what it folds, which the protocol's test reads. An event a
 * phase has no fold for fails the session, so the list must hold every one a command persists.
 */
final class FoldTable {
  private final EventHandler<SessionState, SessionEvent> handler;
  private final Map<Class<?>, Set<Class<?>>> folded;

  private FoldTable(EventHandler<SessionState, SessionEvent> handler, Map<Class<?>, Set<Class<?>>> folded) {
    this.handler = handler;
    this.folded = folded;
  }

  static Builder builder() {
    return new Builder();
  }

  EventHandler<SessionState, SessionEvent> handler() {
    return handler;
  }

  /**
   * The phase whose fold applies {@code event}: {@code state}'s own, else the one for any phase;
   * empty for none. An erased session folds everything into itself.
   */
  Optional<Class<?>> foldedIn(Class<? extends SessionState> state, Class<? extends SessionEvent> event) {
    if (matches(folded.getOrDefault(SessionState.class, Set.of()), event)) return Optional.of(SessionState.class);
    if (state == Erased.class || matches(folded.getOrDefault(state, Set.of()), event)) return Optional.of(state);
    return Optional.empty();
  }

  private static boolean matches(Set<Class<?>> types, Class<?> event) {
    return types.stream().anyMatch(type -> type.isAssignableFrom(event));
  }

  static final class Builder {
    private final EventHandlerBuilder<SessionState, SessionEvent> builder = EventHandlerBuilder.builder();
    private final Map<Class<?>, Set<Class<?>>> folded = new HashMap<>();

    private Builder() {}

    /** Folds for whatever phase the session is in; they come before any phase's own. */
    InState<SessionState> anyState() {
      return new InState<>(builder.forAnyState(), folded.computeIfAbsent(SessionState.class, type -> new HashSet<>()));
    }

    /** An erased session stays erased, whatever follows. */
    void erased() {
      builder.forStateType(Erased.class).onAnyEvent((erased, event) -> erased);
    }

    <S extends SessionState> InState<S> inState(Class<S> state) {
      return new InState<>(builder.forStateType(state), folded.computeIfAbsent(state, type -> new HashSet<>()));
    }

    FoldTable build() {
      Map<Class<?>, Set<Class<?>>> copy = new HashMap<>();
      folded.forEach((state, events) -> copy.put(state, Set.copyOf(events)));
      return new FoldTable(builder.build(), Map.copyOf(copy));
    }
  }

  static final class InState<S extends SessionState> {
    private final EventHandlerBuilderByState<S, SessionState, SessionEvent> byState;
    private final Set<Class<?>> events;

    private InState(EventHandlerBuilderByState<S, SessionState, SessionEvent> byState, Set<Class<?>> events) {
      this.byState = byState;
      this.events = events;
    }

    <E extends SessionEvent> InState<S> on(Class<E> event, BiFunction<S, E, SessionState> fold) {
      byState.onEvent(event, fold);
      events.add(event);
      return this;
    }
  }
}
