package io.parley.sessions.entity;

import io.parley.core.session.Refusal;
import io.parley.sessions.entity.phase.OpenCommands;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;

/**
 * Which handler answers which command of a session in which state: built once, shared by every
 * session of the node. Pekko's handler builder makes a table of its own for each entity, every
 * handler bound to that entity's objects, and an idle session held about 7 KiB of it. Here a
 * handler is given its session instead. A state's own route wins over one for any state; a command
 * and a state are found by their exact class, as every one is a record.
 *
 * @param <E> the session entity the handlers act for
 */
final class CommandRoutes<E> {
  /** Answers {@code command} in {@code state} for {@code session}. */
  @FunctionalInterface
  interface Route<E, S extends SessionState, C extends SessionInput> {
    ReplyEffect<SessionEvent, SessionState> answer(E session, S state, C command);
  }

  /**
   * What a route says of its command beside its handler: the events it may persist and what it
   * replies ({@link #REFUSAL}: an error of the command's own reply type; {@link #NO_REPLY}: nothing).
   */
  record Declared(Set<Class<? extends SessionEvent>> persists, Class<?> reply) {
    Declared {
      persists = Set.copyOf(persists);
    }
  }

  /** The reply of a route that refuses its command. */
  static final Class<?> REFUSAL = Refusal.class;
  /** The reply of a route that answers nobody. */
  static final Class<?> NO_REPLY = Void.class;

  /** A route and what it declares. */
  private record Entry<E>(Route<E, SessionState, SessionInput> route, Declared declared) {}

  /** Refuses an ask, whatever its reply would have been. */
  interface AskRefusal<H> {
    <T> ReplyEffect<SessionEvent, SessionState> refuse(H handler, ActorRef<StatusReply<T>> replyTo);
  }

  private final Map<Class<?>, Map<Class<?>, Entry<E>>> byState;
  private final Map<Class<?>, Entry<E>> anyState;

  private final BiConsumer<E, Declared> beforeAnswer;

  private CommandRoutes(Map<Class<?>, Map<Class<?>, Entry<E>>> byState,
      Map<Class<?>, Entry<E>> anyState, BiConsumer<E, Declared> beforeAnswer) {
    this.byState = byState;
    this.anyState = anyState;
    this.beforeAnswer = beforeAnswer;
  }

  static <E> Builder<E> builder() {
    return new Builder<>();
  }

  ReplyEffect<SessionEvent, SessionState> answer(E session, SessionState state, SessionInput command) {
    Entry<E> entry = find(state.getClass(), command.getClass());
    if (entry == null) {
      throw new IllegalStateException("no route for " + command.getClass().getSimpleName() + " in state "
          + state.getClass().getSimpleName());
    }
    beforeAnswer.accept(session, entry.declared());
    return entry.route().answer(session, state, command);
  }

  /** A route is found by exact class: one for a type with subtypes would never be found. */
  private static void requireRecord(Class<?> type) {
    if (!type.isRecord()) throw new IllegalArgumentException(type.getSimpleName() + " is not a record: routes need exact classes");
  }

  /** Whether {@code command} has a route in {@code state}, its own or one for any state. */
  boolean routes(Class<? extends SessionState> state, Class<? extends SessionInput> command) {
    return find(state, command) != null;
  }

  /** What the route of {@code command} in {@code state} declares; empty without one. */
  Optional<Declared> declared(Class<? extends SessionState> state, Class<? extends SessionInput> command) {
    return Optional.ofNullable(find(state, command)).map(Entry::declared);
  }

  /** The state's own route for the command, else the one for any state; null for none. */
  private Entry<E> find(Class<?> state, Class<?> command) {
    Entry<E> own = byState.getOrDefault(state, Map.of()).get(command);
    return own != null ? own : anyState.get(command);
  }

  static final class Builder<E> {
    private final Map<Class<?>, Map<Class<?>, Entry<E>>> byState = new HashMap<>();
    private final Map<Class<?>, Entry<E>> anyState = new HashMap<>();

    private BiConsumer<E, Declared> beforeAnswer = (session, declared) -> {};

    private Builder() {}

    /** Tells the session what the route it answers with declares, before it answers. */
    Builder<E> beforeAnswer(BiConsumer<E, Declared> hook) {
      this.beforeAnswer = hook;
      return this;
    }

    /** Routes for a session in state {@code state}. */
    <S extends SessionState> InState<E, S> inState(Class<S> state) {
      requireRecord(state);
      return new InState<>(byState.computeIfAbsent(state, type -> new HashMap<>()));
    }

    /** Routes for whatever state has none of its own for the command. */
    InState<E, SessionState> inAnyState() {
      return new InState<>(anyState);
    }

    CommandRoutes<E> build() {
      Map<Class<?>, Map<Class<?>, Entry<E>>> states = new HashMap<>();
      byState.forEach((state, routes) -> states.put(state, Map.copyOf(routes)));
      return new CommandRoutes<>(Map.copyOf(states), Map.copyOf(anyState), beforeAnswer);
    }
  }

  static final class InState<E, S extends SessionState> {
    private final Map<Class<?>, Entry<E>> routes;

    private InState(Map<Class<?>, Entry<E>> routes) {
      this.routes = routes;
    }

    <C extends SessionInput> InState<E, S> on(Class<C> command, Route<E, S, C> route) {
      return on(command, route, new Declared(Set.of(), NO_REPLY));
    }

    // A route is only ever found by its state's and command's exact classes, so its casts hold.
    @SuppressWarnings("unchecked")
    <C extends SessionInput> InState<E, S> on(Class<C> command, Route<E, S, C> route, Declared declared) {
      requireRecord(command);
      Route<E, SessionState, SessionInput> any = (Route<E, SessionState, SessionInput>) (Route<E, ?, ?>) route;
      if (routes.putIfAbsent(command, new Entry<>(any, declared)) != null) {
        throw new IllegalArgumentException(command.getSimpleName() + " has two routes in one state");
      }
      return this;
    }

    /** Routes in this state answered by the session's {@code handler}, each a method of it. */
    <H> Handled<E, S, H> by(Function<E, H> handler) {
      return new Handled<>(this, handler);
    }
  }

  /**
   * Routes to one handler of the session: {@code on(PostUserMessage.class, OpenCommands::onUserMessage)}
   * names the method that answers, and the table keeps one small function per route for every session.
   */
  static final class Handled<E, S extends SessionState, H> {
    private final InState<E, S> routes;
    private final Function<E, H> handler;

    private Handled(InState<E, S> routes, Function<E, H> handler) {
      this.routes = routes;
      this.handler = handler;
    }

    /** {@code command} is answered by {@code route}, which may persist {@code persists} and replies {@code reply}. */
    <C extends SessionInput> Handled<E, S, H> on(Class<C> command, Route<H, S, C> route,
        Set<Class<? extends SessionEvent>> persists, Class<?> reply) {
      routes.on(command, (session, state, cmd) -> route.answer(handler.apply(session), state, cmd),
          new Declared(persists, reply));
      return this;
    }

    /**
     * Refuses the asks that need a conversation (posting, awaiting an answer, closing, viewing, page
     * context, attachments, rating), as a session without one does.
     */
    Handled<E, S, H> refusingAsks(AskRefusal<H> refusal) {
      return on(SessionCommand.PostUserMessage.class, (h, state, cmd) -> refusal.refuse(h, cmd.replyTo()), Set.of(), REFUSAL)
          .on(SessionCommand.AwaitAnswer.class, (h, state, cmd) -> refusal.refuse(h, cmd.replyTo()), Set.of(), REFUSAL)
          .on(SessionCommand.Close.class, (h, state, cmd) -> refusal.refuse(h, cmd.replyTo()), Set.of(), REFUSAL)
          .on(SessionCommand.GetView.class, (h, state, cmd) -> refusal.refuse(h, cmd.replyTo()), Set.of(), REFUSAL)
          .on(SessionCommand.SetPageContext.class, (h, state, cmd) -> refusal.refuse(h, cmd.replyTo()), Set.of(), REFUSAL)
          .on(SessionCommand.AddAttachment.class, (h, state, cmd) -> refusal.refuse(h, cmd.replyTo()), Set.of(), REFUSAL)
          .on(SessionCommand.Rate.class, (h, state, cmd) -> refusal.refuse(h, cmd.replyTo()), Set.of(), REFUSAL);
    }
  }
}
